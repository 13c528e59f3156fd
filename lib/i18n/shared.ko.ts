import type { SharedDict } from "./shared.en";

export const sharedKo: SharedDict = {
  account: {
    label: "내 로그인",
    signedInAs: "로그인한 사용자: {username}",
    modeSession: "세션 모드",
    modeJwt: "JWT 모드",
    ended: "로그인 끝남",
    logout: "로그아웃",
    loggingOut: "로그아웃하는 중…",
  },
  ended: {
    heading: "이 로그인은 끝났습니다",
    whoami: "로그인 끝남 (사용자: {username})",
  },
  api: {
    cleared: "모드가 바뀌어 이전 모드의 응답을 지웠습니다. 이 모드가 요청을 어떻게 확인하는지 보려면 API를 다시 호출하세요.",
  },
  instance: {
    answeredBy: "응답한 인스턴스: {id}",
  },
  modeSwitch: {
    label: "표시할 모드",
  },
  counters: {
    heading: "인가 확인에 드는 서버 비용",
    intro:
      "이 서버 프로세스가 {since}에 시작된 뒤 인가 확인 안에서 센 값입니다. 로그인 쿠키가 실린 페이지, 주기적 조회, API 호출이 각각 한 번의 확인입니다. 이 프로세스 하나의 숫자이므로 다시 시작하면 0부터 세고, 인스턴스마다 따로 셉니다.",
    caption: "모드별 인가 확인",
    colMeasure: "항목",
    checks: "인가 횟수",
    dbQueries: "DB 쿼리",
    time: "확인에 쓴 시간",
    median: "보통의 확인 한 번 (최근 200번의 중앙값)",
    dbPer1000: "인가 1,000번당 DB 쿼리",
    timePer1000: "인가 1,000번당 시간",
    ms: "{ms}ms",
    none: "—",
    takeaway:
      "세션 확인은 매번 데이터베이스에서 행을 찾고, JWT 확인은 서명만 검증할 뿐 아무것도 읽지 않습니다(거부 목록을 켰을 때만 조회가 하나 늘어납니다).",
  },
  labs: {
    needsLogin: "로그인 필요",
    open: "누구나 가능",
  },
  login: {
    toRunLab: "이 실습을 하려면 로그인하세요. 내 로그인으로 실습하므로 먼저 로그인해야 합니다.",
    toSeePage: "이 페이지를 보려면 로그인하세요.",
  },
  meta: {
    ogAlt: "AuthLab: 세션과 JWT의 로그인 상태를 나란히 비교",
  },
};
