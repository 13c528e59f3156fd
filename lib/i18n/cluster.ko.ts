import type { clusterEn } from "./cluster.en";

// 클러스터 관련 문구 (issue 13). cluster.en.ts와 키가 같아야 합니다.
export const clusterKo: typeof clusterEn = {
  scale: {
    sharedStorePostgres:
      "이 서버는 PostgreSQL을 씁니다(환경 변수 {env}). 서버 B는 같은 PostgreSQL 데이터베이스를 쓰는 다른 프로세스로, 로드 밸런서 뒤의 인스턴스들과 같은 구성입니다. 서버 C는 자기만의 데이터베이스를 씁니다.",
    oneMachine:
      "한 대짜리 버전: 환경 변수 {env} 값이 없어서 서버 B가 같은 컴퓨터에서 이 서버의 SQLite 파일을 함께 씁니다. 한 대를 넘어 늘릴 수 없는 구성입니다. PostgreSQL에서 실행하려면 환경 변수 {env} 값을 지정하거나 {command} 명령으로 시작하세요.",
  },
};
