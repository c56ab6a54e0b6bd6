/**
 * Why a backend was (not) taken, in the user's language. The training process writes the
 * reasons in English (they also go into every run's environment.json, where they stay
 * English for scripts); this maps each sentence the engine can write (src-main/engine/backend.ts)
 * to Korean, keeping the technical detail (package names, error text) as it is. A reason no
 * pattern matches is shown in English, whole, so nothing is lost.
 */
import { fillTemplate, type UiLanguage } from './template.js';

interface ReasonPattern {
  re: RegExp;
  ko: string;
}

/** Pattern → Korean template; `{1}`, `{2}` are the pattern's groups. */
const PATTERNS: readonly ReasonPattern[] = [
  {
    re: /^@tensorflow\/tfjs-node-gpu is not installed \(optional dependency; its install needs internet and CUDA 11\.2 \+ cuDNN 8\.1\)$/,
    ko: '@tensorflow/tfjs-node-gpu가 설치되어 있지 않습니다(선택 의존성: 설치하려면 인터넷과 CUDA 11.2 + cuDNN 8.1이 필요합니다)',
  },
  {
    re: /^@tensorflow\/tfjs-node is not installed \(optional dependency; its install downloads libtensorflow from storage\.googleapis\.com, so it needs internet or a TFJS_NODE_CDN_STORAGE mirror\)$/,
    ko: '@tensorflow/tfjs-node가 설치되어 있지 않습니다(선택 의존성: 설치할 때 storage.googleapis.com에서 libtensorflow를 내려받으므로 인터넷이나 TFJS_NODE_CDN_STORAGE 미러가 필요합니다)',
  },
  {
    re: /^skipped: (\S+) is already loaded and owns the 'tensorflow' backend; two native TensorFlow bindings must not share a process$/,
    ko: '건너뜀: {1}이(가) 이미 로드되어 tensorflow 백엔드를 쓰고 있습니다. 네이티브 TensorFlow 바인딩 두 개는 한 프로세스에 함께 둘 수 없습니다',
  },
  { re: /^failed to load: ([\s\S]*)$/, ko: '불러오지 못했습니다: {1}' },
  { re: /^failed to initialize: ([\s\S]*)$/, ko: '초기화하지 못했습니다: {1}' },
  { re: /^failed to initialize \(tf\.setBackend\('([^']*)'\) returned false\)([\s\S]*)$/, ko: "초기화하지 못했습니다(tf.setBackend('{1}')이 false를 돌려줌){2}" },
  { re: /^could not set the \.wasm folder: ([\s\S]*)$/, ko: '.wasm 폴더를 지정하지 못했습니다: {1}' },
  { re: /^tf\.setBackend\('([^']*)'\) resolved but the active backend is '([^']*)'([\s\S]*)$/, ko: "tf.setBackend('{1}')은 성공했지만 실제 백엔드는 '{2}'입니다{3}" },
  { re: /^active: plain JavaScript \(slowest; always available\)$/, ko: '사용 중: 순수 자바스크립트(가장 느림, 언제나 사용 가능)' },
  { re: /^active: WebAssembly \(([\s\S]*)\)$/, ko: '사용 중: WebAssembly({1})' },
];

/**
 * A backend reason in `lang`. Example: `backendReasonText('failed to load: libcudart.so.11.0 not found', 'ko')`
 * → `'불러오지 못했습니다: libcudart.so.11.0 not found'`. English returns the reason unchanged.
 */
export function backendReasonText(reason: string, lang: UiLanguage): string {
  if (lang === 'en') return reason;
  for (const p of PATTERNS) {
    const m = p.re.exec(reason);
    if (!m) continue;
    const params = Object.fromEntries(m.slice(1).map((g, i) => [String(i + 1), g ?? '']));
    return fillTemplate(p.ko, params);
  }
  return reason;
}
