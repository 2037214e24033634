import type { ErrorType } from '@safework/classifier';
import type { IssueLanguage } from './recommendations';

/* The words of an issue, in each language it is written in. */

// Keyed by the classifier's one list of types: a type without a name here does not compile.
export const TYPE_NAMES: Readonly<Record<ErrorType, Record<IssueLanguage, string>>> = {
  database_connection: { ko: 'DB 연결 오류', en: 'Database connection' },
  redis_connection: { ko: 'Redis 연결 오류', en: 'Redis connection' },
  application_error: { ko: '애플리케이션 오류', en: 'Application error' },
  survey_system: { ko: '설문 시스템 오류', en: 'Survey system' },
  authentication: { ko: '인증 오류', en: 'Authentication' },
  container_crash_loop: { ko: '컨테이너 재시작 반복', en: 'Container crash loop' },
  container_oom: { ko: '컨테이너 메모리 부족(OOM)', en: 'Container out of memory' },
  container_unhealthy: { ko: '컨테이너 헬스체크 실패', en: 'Container unhealthy' },
};

export const T = {
  ko: {
    heading: '🚨 자동 감지된 오류',
    field: '항목',
    value: '값',
    type: '오류 유형',
    severity: '심각도',
    firstSeen: '최초 발생',
    lastSeen: '마지막 발생',
    container: '컨테이너',
    image: '이미지',
    message: '오류 메시지',
    traceback: '트레이스백',
    context: '직전 로그',
    request: '요청 정보',
    method: '메서드',
    url: 'URL',
    ip: '클라이언트 IP',
    status: '상태 코드',
    user: '사용자 정보',
    userId: '사용자 ID',
    userName: '사용자 이름',
    actions: '권장 조치',
    counts: '발생 현황',
    total: '총 발생 횟수',
    lastHour: '최근 1시간',
    why: '묶음 기준',
    whyText: (fp: string, tb: boolean) =>
      tb
        ? `같은 예외 유형과 같은 앱 코드 위치(줄 번호 제외)에서 발생한 오류를 하나로 묶었습니다 (fingerprint ${fp}).`
        : `시간, 호스트, 포트, ID 같은 가변 값을 뺀 메시지가 같은 오류를 하나로 묶었습니다 (fingerprint ${fp}).`,
    footer: 'SafeWork Monitor가 자동으로 생성한 이슈입니다. 같은 문제가 다시 발생하면 이 이슈에 요약 댓글이 달립니다.',
    elided: (n: number) => `… (${n}줄 생략) …`,
    digest: '🔁 재발 요약',
    since: '지난 요약 이후',
    sample: '최근 샘플',
    perHour: '시간대별',
    regression: '♻️ 해결된 것으로 닫힌 문제가 다시 발생했습니다 (회귀). 이슈를 다시 엽니다.',
    escalated: (from: string, to: string) => `⬆️ 심각도가 ${from} → ${to}(으)로 올라갔습니다 (짧은 시간에 반복 발생).`,
  },
  en: {
    heading: '🚨 Automatically detected error',
    field: 'Field',
    value: 'Value',
    type: 'Error type',
    severity: 'Severity',
    firstSeen: 'First seen',
    lastSeen: 'Last seen',
    container: 'Container',
    image: 'Image',
    message: 'Message',
    traceback: 'Traceback',
    context: 'Lead-up log lines',
    request: 'Request',
    method: 'Method',
    url: 'URL',
    ip: 'Client IP',
    status: 'Status',
    user: 'User',
    userId: 'User id',
    userName: 'User name',
    actions: 'Recommended actions',
    counts: 'Occurrences',
    total: 'Total',
    lastHour: 'Last hour',
    why: 'Why grouped',
    whyText: (fp: string, tb: boolean) =>
      tb
        ? `Errors with the same exception type raised at the same application code (line numbers ignored) are grouped (fingerprint ${fp}).`
        : `Errors whose message is the same once times, hosts, ports and ids are taken out are grouped (fingerprint ${fp}).`,
    footer: 'Filed automatically by SafeWork Monitor. Recurrences of the same problem are summarised in comments here.',
    elided: (n: number) => `… (${n} lines elided) …`,
    digest: '🔁 Recurrence digest',
    since: 'Since the last digest',
    sample: 'Latest sample',
    perHour: 'Per hour',
    regression: '♻️ This problem was closed as completed and has happened again (regression). Reopening.',
    escalated: (from: string, to: string) => `⬆️ Severity rose from ${from} to ${to} (repeated within a short time).`,
  },
} as const;
