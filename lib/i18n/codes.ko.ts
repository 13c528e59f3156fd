import type { CodesDict } from "./codes.en";

export const codesKo = {
  trace: {
    mechanism: "방식",
    cookie: "읽은 쿠키",
    none: "없음",
    noSteps: "실행된 단계가 없습니다.",
    ms: "{ms}ms",
    db: "DB 쿼리 {n}회",
    total: "총 {ms}ms, DB 쿼리 {n}회",
    failure: "실패 이유: {code}",
  },
  steps: {
    read_cookies: "쿠키 읽기",
    read_cookie: "자격 증명 쿠키 읽기",
    unseal: "쿠키 봉인 풀기 (iron-session)",
    hash_token: "토큰 해시 계산 (SHA-256)",
    db_lookup: "데이터베이스에서 세션 조회",
    check_session_state: "폐기·유휴 만료·절대 만료 확인",
    touch_session: "마지막 활동 시각 갱신",
    verify_jwt: "JWT 서명과 클레임 검증",
    denylist_lookup: "거부 목록 조회 (JWT_DENYLIST=on)",
    no_db_lookup: "데이터베이스 조회 없음",
  },
  details: {
    no_credential_cookie: "자격 증명 쿠키가 없습니다. HTTP는 무상태라서, 쿠키가 없는 요청은 처음 보는 사람의 요청입니다.",
    cookie_present: "{cookie}: {bytes}바이트",
    cookie_missing: "쿠키 없음: {cookie}. 이 요청은 처음 보는 사람의 요청입니다.",
    seal_cache_hit:
      "캐시 적중: 이 봉인은 전에 풀어 본(복호화하고 MAC을 검증한) 것이라 암호 연산을 건너뛰었습니다. 세션 행은 그래도 읽습니다.",
    seal_opened: "처음 본 봉인: 복호화하고 MAC을 검증해 불투명한 세션 토큰을 꺼냈습니다.",
    seal_invalid: "올바른 봉인이 아닙니다. 변조됐거나 잘렸거나 다른 키로 만든 것입니다.",
    token_hash: "{hash}… (데이터베이스의 키)",
    session_found: "세션 {session}… · 사용자 {user}",
    session_row_missing: "이 해시를 가진 행이 없습니다.",
    session_live: "유효함: {idleAt}까지 유휴 허용",
    session_revoked: "{reason|으로/로} 끝난 로그인입니다.",
    session_idle_expired: "너무 오래 쓰지 않아 유휴 만료됐습니다.",
    session_expired: "절대 만료 시각이 지났습니다.",
    idle_slid: "유휴 만료 시각을 뒤로 미뤘습니다 (기록은 1분에 한 번까지).",
    idle_not_slid: "저장소를 쓸 수 없어 이번에는 유휴 만료 시각을 미루지 못했습니다.",
    jwt_verified:
      "처음 본 토큰: {alg} 서명을 검증하고 alg, typ, iss, aud, sub, jti, iat, exp 클레임을 확인했습니다. {seconds}초 뒤 만료됩니다.",
    jwt_cache_hit: "캐시 적중: 전에 검증한 토큰이라 서명을 다시 계산하지 않고 exp만 다시 확인했습니다. {seconds}초 뒤 만료됩니다.",
    jwt_exp_passed: "exp가 지났습니다.",
    jwt_iat_future: "iat가 미래 시각입니다.",
    jwt_claim_failed: "클레임 확인에 실패했습니다: {claim}",
    jwt_claim_missing: "필수 클레임이 없습니다: {claim}",
    jwt_claim_invalid: "클레임의 형식이 잘못됐습니다: {claim}",
    jwt_missing_claims: "name, role, fid 클레임 중 빠진 것이 있습니다.",
    jwt_alg_not_allowed: "허용되지 않은 알고리즘입니다 (HS256만 허용).",
    jwt_bad_signature: "서명이 일치하지 않습니다.",
    jwt_unknown_kid: "알 수 없는 키 ID(kid)입니다.",
    jwt_too_long: "토큰이 너무 깁니다.",
    jwt_malformed: "올바른 형식의 JWT가 아닙니다.",
    denylist_hit: "{seconds}초 전에 {reason|으로/로} 폐기됐습니다.",
    denylist_miss: "폐기되지 않았습니다. 인덱스 조회 한 번이지만, 요청마다 치르는 비용입니다.",
    claims_suffice: "필요한 것은 모두 서명된 클레임 안에 있습니다. 그래서 JWT는 검사 비용이 싸고, 그래서 도중에 무를 수 없습니다.",
    gap_accepted:
      "이 로그인은 {seconds}초 전에 끝났는데도 받아들였습니다. 서명만으로는 알 수 없기 때문입니다. 폐기 공백은 앞으로 {left}초 더 열려 있습니다 (JWT_DENYLIST=on이면 닫힙니다).",
  },
  notes: {
    session_cookie:
      "iron-session 봉인입니다. 토큰을 서버의 비밀번호로 암호화(AES-256-CBC)하고 MAC(HMAC-SHA256)을 붙였습니다. 브라우저도, 어떤 스크립트도 알아볼 수 없는 값만 보이고, 여는 것은 서버만 할 수 있습니다.",
    session_server:
      "서버는 세션(누가, 언제부터, 언제까지)을 토큰의 SHA-256 값을 키로 저장합니다. 이 행을 지우거나 폐기하면 브라우저는 바로 다음 요청에서 로그아웃됩니다.",
    jwt_access_cookie:
      "서명된 JWT입니다. 헤더와 클레임은 base64url로 인코딩만 돼 있어 토큰을 가진 누구나 읽을 수 있고, HMAC 서명이 변조를 막습니다. 서버는 아무것도 조회하지 않고 검사하므로, 다른 곳에서 로그아웃해도 exp까지는 유효합니다.",
    jwt_access_lifetime:
      "쿠키는 안에 든 토큰(exp, {ttl})보다 오래 남습니다. 일부러 그렇게 했습니다. 만료된 토큰이라도 서버에 도착해야 서버가 ‘누구세요?’ 대신 ‘만료됨’이라고 답하고, 페이지가 토큰을 갱신할 수 있습니다. 쿠키도 늦어도 로그인이 끝날 때 함께 끝납니다.",
    jwt_refresh_cookie:
      "무작위 256비트의 불투명한 토큰입니다. Path={path}이므로 브라우저는 {path} 아래의 엔드포인트({path}/refresh, /logout, /login, /signup, /inspect, /sessions)에만 보내고, 페이지나 /api/me 같은 다른 API 호출에는 보내지 않습니다. 이 토큰을 쓰는 것은 갱신과 로그아웃(그리고 이전 로그인을 끝내는 새 로그인)뿐이며, 쓸 때마다 새 토큰으로 바뀝니다.",
    jwt_server:
      "서버는 액세스 토큰을 어디에도 저장하지 않습니다. 서명만으로 검사하기 때문입니다. 서버가 보관하는 것은 이 로그인(토큰 계열)에 속한 리프레시 토큰마다의 SHA-256 값뿐이며, 토큰을 교체하고 재사용을 잡아내는 데 씁니다.",
  },
  reasons: {
    logout: "로그아웃",
    replaced_by_login: "그 브라우저의 새 로그인",
    mode_switched: "모드 전환",
    revoked_by_user: "기기 목록에서 끊기",
    forced_logout: "관리자의 강제 로그아웃",
    evicted: "더 새로운 로그인",
    ended_by_owner: "본인의 다른 곳 로그인",
    password_changed: "비밀번호 변경",
    reuse_detected: "리프레시 토큰 재사용 감지",
    lab_revoked: "실습의 폐기",
    lab_done: "실습 정리",
    unknown: "알 수 없는 이유",
  },
  roles: {
    user: "일반 사용자",
    admin: "관리자",
  },
  chips: {
    ok: "통과",
    failed: "실패",
  },
} satisfies CodesDict;
