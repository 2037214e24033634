import type { ErrorType } from '@safework/classifier';

/** Languages issues are written in. */
export type IssueLanguage = 'ko' | 'en';

type Advice = Readonly<Record<IssueLanguage, readonly string[]>>;

// After the seed's guidance: check the container, the network, the credentials, then the app.
export const RECOMMENDATIONS: Readonly<Record<ErrorType, Advice>> = {
  database_connection: {
    ko: [
      'MySQL 컨테이너 상태 확인: `docker ps` / `docker logs safework-mysql`',
      '앱과 DB 사이 네트워크 확인 (같은 Docker 네트워크, 호스트 이름, 포트 3306)',
      'DB 접속 정보(사용자, 비밀번호, DB 이름)와 `max_connections` 확인',
      '디스크 공간과 InnoDB 오류 로그 확인',
    ],
    en: [
      'Check the MySQL container: `docker ps` / `docker logs safework-mysql`',
      'Check the network between app and database (same Docker network, host name, port 3306)',
      'Check the credentials (user, password, database name) and `max_connections`',
      'Check disk space and the InnoDB error log',
    ],
  },
  redis_connection: {
    ko: [
      'Redis 컨테이너 상태 확인: `docker ps` / `docker logs safework-redis`',
      '앱과 Redis 사이 네트워크 확인 (호스트 이름, 포트 6379)',
      'Redis 메모리 사용량과 `maxmemory` 정책, 디스크 저장(RDB) 오류 확인',
      'Redis 비밀번호(AUTH) 설정 확인',
    ],
    en: [
      'Check the Redis container: `docker ps` / `docker logs safework-redis`',
      'Check the network between app and Redis (host name, port 6379)',
      'Check Redis memory use, the `maxmemory` policy and RDB save errors',
      'Check the Redis password (AUTH) settings',
    ],
  },
  application_error: {
    ko: [
      '트레이스백의 마지막 앱 프레임에서 원인 확인',
      '최근 배포 변경 사항 확인',
      '앱 컨테이너 리소스(메모리/CPU)와 gunicorn 워커 상태 확인',
    ],
    en: [
      'Find the cause at the last application frame of the traceback',
      'Review the most recent deployment',
      'Check the app container resources (memory/CPU) and the gunicorn workers',
    ],
  },
  survey_system: {
    ko: ['설문 제출 데이터가 저장되었는지 DB에서 확인', '설문 양식 검증 로직과 입력값 확인', 'DB와 Redis 연결 상태 확인'],
    en: ['Check in the database whether the survey submission was saved', 'Check the form validation and the input', 'Check the database and Redis connections'],
  },
  authentication: {
    ko: ['반복되는 로그인 실패라면 무차별 대입 시도인지 확인', 'CSRF 토큰과 세션 설정(SECRET_KEY, 쿠키) 확인'],
    en: ['If logins keep failing, check for a brute-force attempt', 'Check the CSRF token and session settings (SECRET_KEY, cookies)'],
  },
  container_crash_loop: {
    ko: ['`docker logs`로 종료 직전 로그 확인', '재시작 정책과 종료 코드 확인', '의존 서비스(DB, Redis)가 먼저 떠 있는지 확인'],
    en: ['Read the last lines before exit with `docker logs`', 'Check the restart policy and exit codes', 'Check that the services it depends on (database, Redis) are up'],
  },
  container_oom: {
    ko: ['컨테이너 메모리 제한(`deploy.resources.limits.memory`)과 실제 사용량 비교', '메모리 누수 또는 큰 요청 확인'],
    en: ['Compare the memory limit (`deploy.resources.limits.memory`) with actual use', 'Look for a memory leak or oversized requests'],
  },
  container_unhealthy: {
    ko: ['헬스체크 명령을 컨테이너 안에서 직접 실행해 보기', '의존 서비스와 응답 시간 확인'],
    en: ['Run the health check command inside the container by hand', 'Check the services it depends on and response times'],
  },
  container_down: {
    ko: ['`docker logs`로 종료 직전 로그와 종료 코드 확인', '재시작 정책(`restart:`)이 이 서비스에 맞는지 확인', '`docker-compose up -d <서비스>`로 다시 시작'],
    en: ['Read the last lines and the exit code with `docker logs`', 'Check that the restart policy (`restart:`) suits this service', 'Start it again with `docker-compose up -d <service>`'],
  },
};

/** The recommended actions for a type, in the chosen language. */
export function recommendationsFor(type: string, lang: IssueLanguage): readonly string[] {
  const known = (RECOMMENDATIONS as Readonly<Record<string, Advice | undefined>>)[type];
  return (known ?? RECOMMENDATIONS.application_error)[lang];
}
