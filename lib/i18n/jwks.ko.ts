import type { JwksDict } from "./jwks.en";

// 리소스 서버 실습(JWKS, 키 교체, 비밀이 없는 서버). jwks.en.ts와 키가 정확히 같습니다.
export const jwksKo: JwksDict = {
  title: "비밀이 없는 서버 (JWKS)",
  summary: "리소스 서버는 공개된 공개 키로 액세스 토큰을 검증합니다. 로그인을 읽을 수는 있지만 만들 수는 없고, 로그아웃은 보지 못합니다.",
  goal: "공개된 키와 키 교체를 지켜본 뒤, 모드마다 로그인 하나를 앱과 비밀도 데이터베이스도 없는 리소스 서버에 나란히 보내고, 로그인을 끝낸 뒤 다시 보냅니다.",
  hs256Note:
    "이 서버는 HS256으로 서명합니다. 비밀 하나가 토큰을 만들기도 하고 검증하기도 하므로, 리소스 서버가 토큰을 검증하려면 토큰을 위조할 수 있는 바로 그 비밀을 가져야 합니다. 공개할 키가 없으므로(JWKS는 404) 리소스 서버는 모든 토큰을 거부합니다. 나머지를 보려면 JWT_ALG=EdDSA로 앱을 시작하세요.",
  keysHeading: "1. 공개된 키",
  keysStd: "RFC 7517: JSON Web Key Set",
  keysLoad: "/.well-known/jwks.json 가져오기",
  keysNote:
    "공개 멤버만 있습니다: kty, crv, x(ES256이면 y도), kid, alg, use. 개인 키(d)나 HMAC 비밀(k)은 절대 나오지 않습니다. Cache-Control: {cache}.",
  keysNone: "JWKS 응답: {status} {code}. 공개된 것이 없습니다.",
  keySigning: "새 토큰에 서명 중",
  keyCreated: "{time}에 추가됨",
  keyRetired: "{time}에 은퇴; 마지막 토큰이 만료되는 {until}까지 공개됨",
  rotate: "서명 키 교체",
  rotated:
    "지금부터 새 키가 서명합니다. 이전 키는 그 키로 서명한 마지막 토큰이 만료될 때까지(은퇴 + {ttl}초 + 시계 오차 5초) 목록에 남았다가 사라집니다.",
  runHeading: "2. 앱과 리소스 서버를 나란히",
  runStd: "RFC 9068: 액세스 토큰은 at+jwt; RFC 8725: 검증하는 쪽이 알고리즘을 고정하고 iss, aud, typ를 확인",
  run: "실행: 로그인, 양쪽 호출, 로그인 종료, 다시 양쪽 호출",
  starting: "리소스 서버를 별도 프로세스로 시작하는 중…",
  rsPort:
    "리소스 서버는 포트 {port}의 별도 프로세스이며, 이 사이트의 /resource/ 로 접근합니다. JWKS 주소, 발급자, 자신의 audience 외에는 아무것도 모릅니다.",
  rsProblem: "리소스 서버를 포트 {port}에서 시작하지 못했습니다.",
  modeHeading: "{mode} 모드",
  appCol: "앱 · GET /api/me",
  rsCol: "리소스 서버 · GET /resource/me",
  beforeEnd: "로그인 종료 전",
  afterEnd: "로그인 종료 후",
  accepted: "수락",
  verified: "{sub}({name})를 키 {kid}({alg})로 검증; exp까지 {s}초",
  refused: "거부: {code}",
  cookiesSeen: "받은 쿠키: {list}",
  none: "없음",
  sessionMeaningless:
    "세션 쿠키는 리소스 서버에게 아무 의미가 없습니다. 앱 데이터베이스의 행을 가리키는 불투명한 참조일 뿐인데, 리소스 서버는 그 데이터베이스를 읽을 수 없습니다. 서비스 경계를 넘는 것은 스스로 검증 가능한 서명된 토큰뿐입니다.",
  gap: "로그인은 끝났지만 리소스 서버는 여전히 그 액세스 토큰을 수락합니다. 물어볼 데이터베이스가 없기 때문입니다. exp만이 끝냅니다.",
  gapDenylist:
    "앱은 이제 토큰을 거부하지만(거부 목록이 켜져 있음) 리소스 서버는 여전히 수락합니다. 거부 목록은 앱의 데이터베이스에 있어 리소스 서버가 닿을 수 없습니다.",
  againHeading: "3. exp까지 기다리기",
  againStd: "RFC 8725 §3.10, RFC 9068: 상태가 없는 검증자는 폐기를 볼 수 없으므로 액세스 토큰의 수명을 짧게",
  again: "종료된 로그인의 토큰을 다시 보내기",
  againLeft: "exp까지 {s}초 ({time}).",
  againExpired: "exp가 지났습니다. 이제 리소스 서버도 거부합니다(token_expired). 폐기 공백은 여기서야 닫힙니다.",
  browserHeading: "이 브라우저에서",
  browserRun: "이 브라우저의 쿠키로 양쪽 호출",
  browserNote:
    "액세스 토큰 쿠키는 Path=/ 이므로 /resource/ 에도 도달합니다. 리프레시 토큰 쿠키(Path=/api/auth)는 절대 도달하지 않고, 세션 쿠키는 도달하지만 거기서는 아무것도 증명하지 못합니다.",
  why1: "HS256에서는 토큰을 검증하는 키가 곧 토큰을 만드는 키입니다. 검증하는 모든 서비스가 위조도 할 수 있습니다. EdDSA에서는 앱이 개인 키를 지니고 공개 키만 JWK Set으로 공개하므로, 어느 서비스든 검증할 수 있지만 아무도 서명할 수 없습니다.",
  why2: "알고리즘은 토큰 헤더가 아니라 검증하는 쪽이 정합니다. alg를 HS256으로 바꾸고 공개 키를 HMAC 비밀로 써서 서명한 토큰, alg none, 목록에 없는 kid, 헤더에 넣어 보낸 키(jwk, jku, x5u)는 모두 거부됩니다.",
  why3: "교체된 키는 즉시 서명하고, 은퇴한 키는 그 키로 서명한 토큰이 유효할 수 있는 동안만 공개됩니다. 상태 없는 검증자의 대가는 폐기 공백입니다. 끝난 로그인도 exp까지는 수락합니다.",
  stdJwk: "RFC 7517: JSON Web Key (JWK)",
  stdBcp: "RFC 8725: JSON Web Token Best Current Practices",
  stdAtJwt: "RFC 9068: OAuth 2.0 액세스 토큰용 JWT 프로필",
};
