import type { SecurityDict } from "./security.en";

export const securityKo = {
  errors: {
    storage_unavailable: "지금은 서버가 아무것도 저장할 수 없습니다(디스크가 가득 찼거나 읽기 전용입니다). 잠시 후 다시 시도하세요.",
    cross_origin: "다른 사이트에서 온 요청이라 서버가 상태 변경을 거부했습니다.",
    payload_too_large: "요청이 너무 큽니다.",
    unsupported_media_type: "요청은 JSON으로 보내야 합니다.",
    invalid_json: "요청 본문이 올바른 JSON이 아닙니다.",
    internal_error: "서버에서 문제가 발생했습니다.",
  },
} satisfies SecurityDict;
