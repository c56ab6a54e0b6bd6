/**
 * The validator's problems (schema.ts, validate.ts, semantics.ts, json-locate.ts) in both UI
 * languages. The validator speaks English, and the CLI and the tests match its sentences, so
 * they stay as they are; this module reads each English sentence with one table of templates
 * (pattern → Korean with the captured values) and fills the Korean in. A sentence no template
 * knows is shown in English, whole, so no value is ever lost in translation.
 */
import { formatModelError, previewValue, ROOT_PATH, type ModelError } from './errors.js';

/** Languages the validator's problems are shown in (the UI's). */
export type ModelErrorLanguage = 'en' | 'ko';

/** Korean for captured values; null when a nested part has no Korean (the whole falls back to English). */
type Korean = (...groups: string[]) => string | null;

/** One sentence the validator can write: a stable id, its English pattern (anchored), its Korean. */
export interface ModelMessageTemplate {
  readonly id: string;
  readonly en: RegExp;
  readonly ko: Korean;
}

const OUTPUT_RULE_KO = (classes: string) => `데이터셋의 클래스가 ${classes}개입니다`;
/** semantics.ts outputRule's reason: `the dataset has 10 classes` / `classes lists 8 classes` (the older `the datasets have 10 classes` too). */
function whyKo(why: string): string | null {
  const dataset = /^the datasets? (?:has|have) (\d+) classes$/.exec(why);
  if (dataset) return OUTPUT_RULE_KO(dataset[1] ?? '');
  const listed = /^classes lists (\d+) classes$/.exec(why);
  return listed ? `classes에 클래스 ${listed[1] ?? ''}개가 있습니다` : null;
}
/** Nouns of the objects the schema names in `expected a … object such as {…}`. */
const OBJECT_NOUNS_KO: Record<string, string> = {
  'learning-rate schedule': '학습률 스케줄',
  'early-stopping': '조기 종료',
  unfreeze: '동결 해제',
  transfer: '전이 학습',
  regularizer: '규제',
  constraint: '제약',
};
/** Nouns of `expected an array of … such as […]`. */
const ARRAY_NOUNS_KO: Record<string, string> = {
  'epoch numbers': '에포크 번호',
  'learning rates': '학습률',
  'class numbers': '클래스 번호',
};
const MEMORY_KO = (size: string, limit: string) => `(float32 값과 그 그레이디언트, 옵티마이저 상태로 ${size} GiB). 한도는 ${limit} GiB입니다`;

/** `the end of the text` or a JSON-quoted character, as json-locate.ts reports what it found. */
function found(what: string, thing: string): string {
  return thing === 'the end of the text' ? `${what} 와야 하는데 텍스트가 끝났습니다` : `${what} 와야 할 자리에 ${thing}이(가) 있습니다`;
}

/** Reasons json-locate.ts gives after `invalid JSON at line L, column C: `. */
export const JSON_REASON_TEMPLATES: readonly ModelMessageTemplate[] = [
  { id: 'json.unterminated-string', en: /^unterminated string$/, ko: () => '문자열이 닫히지 않았습니다' },
  {
    id: 'json.control-character',
    en: /^control character in a string \(write a newline as \\n\)$/,
    ko: () => '문자열 안에 제어 문자가 있습니다(줄바꿈은 \\n으로 쓰세요)',
  },
  { id: 'json.bad-unicode-escape', en: /^bad \\u escape in a string$/, ko: () => '문자열 안의 \\u 이스케이프가 잘못되었습니다' },
  { id: 'json.bad-escape', en: /^bad escape in a string$/, ko: () => '문자열 안의 이스케이프(\\)가 잘못되었습니다' },
  { id: 'json.unexpected-end', en: /^unexpected end of the text$/, ko: () => '텍스트가 도중에 끝났습니다' },
  { id: 'json.bad-number', en: /^bad number$/, ko: () => '잘못된 숫자입니다' },
  { id: 'json.expected-value', en: /^expected a value, found (.+)$/s, ko: (f) => found('값이', f) },
  {
    id: 'json.expected-key',
    en: /^expected a double-quoted property name, found (.+)$/s,
    ko: (f) => found('큰따옴표로 감싼 속성 이름이', f),
  },
  { id: 'json.expected-colon', en: /^expected ":" after a property name, found (.+)$/s, ko: (f) => found('속성 이름 뒤에 ":"이(가)', f) },
  {
    id: 'json.expected-comma',
    en: /^expected "," or "([}\]])", found (.+)$/s,
    ko: (close, f) => found(`"," 또는 "${close}"이(가)`, f),
  },
  {
    id: 'json.after-end',
    en: /^unexpected (.+) after the end of the document$/s,
    ko: (f) => `문서가 끝난 뒤에 ${f}이(가) 있습니다`,
  },
];

/** zod type names in the validator's fallback `expected <type>` (validate.ts, fallbackMessage), as Korean predicates. */
const TYPE_NAMES_KO: Record<string, string> = {
  number: '숫자여야',
  string: '문자열이어야',
  boolean: 'true 또는 false여야',
  object: '객체여야',
  array: '배열이어야',
  null: 'null이어야',
  int: '정수여야',
  bigint: '정수여야',
};

/**
 * Every sentence the validator writes, most specific first (the first match wins). The English
 * side is a pattern, not a copy, so a changed limit (`at most 1000 layers`) still matches.
 */
export const MODEL_MESSAGE_TEMPLATES: readonly ModelMessageTemplate[] = [
  // schema.ts: values
  {
    id: 'initializer.one-of',
    en: /^expected one of (.+), or an object (\{.*\})$/s,
    ko: (ids, obj) => `다음 이름 중 하나이거나 ${obj} 형태의 초기화 객체여야 합니다: ${ids}`,
  },
  // The list never holds `, received ` (so a value validate.ts appends stays out of it).
  { id: 'one-of', en: /^expected one of ((?:(?!, received ).)+)$/s, ko: (ids) => `다음 중 하나여야 합니다: ${ids}` },
  {
    id: 'integer-range',
    en: /^expected an integer from (-?\d+) to (-?\d+)$/,
    ko: (min, max) => `${min}에서 ${max} 사이의 정수여야 합니다`,
  },
  { id: 'half-open-interval', en: /^expected a number in \[(\S+), (\S+)\)$/, ko: (a, b) => `${a} 이상 ${b} 미만의 숫자여야 합니다` },
  { id: 'closed-interval', en: /^expected a number in \[(\S+), (\S+)\]$/, ko: (a, b) => `${a} 이상 ${b} 이하의 숫자여야 합니다` },
  { id: 'open-closed-interval', en: /^expected a number in \((\S+), (\S+)\]$/, ko: (a, b) => `${a}보다 크고 ${b} 이하인 숫자여야 합니다` },
  { id: 'open-interval', en: /^expected a number in \((\S+), (\S+)\)$/, ko: (a, b) => `${a}보다 크고 ${b}보다 작은 숫자여야 합니다` },
  {
    id: 'class-number',
    en: /^expected an integer from (\d+) to (\d+) \(a class of the dataset\)$/,
    ko: (a, b) => `${a}에서 ${b} 사이의 정수(데이터셋의 클래스 번호)여야 합니다`,
  },
  {
    id: 'array.example',
    en: /^expected an array of (epoch numbers|learning rates|class numbers) such as (\[.*\])$/,
    ko: (noun, ex) => `${ex}와 같은 ${ARRAY_NOUNS_KO[noun] ?? noun}의 배열이어야 합니다`,
  },
  {
    id: 'schedule.no-boundary',
    en: /^expected at least one boundary \(an epoch number such as (\d+)\)$/,
    ko: (n) => `경계가 하나 이상 있어야 합니다(${n}과 같은 에포크 번호)`,
  },
  { id: 'schedule.max-boundaries', en: /^expected at most (\d+) boundaries$/, ko: (n) => `경계는 최대 ${n}개까지 둘 수 있습니다` },
  {
    id: 'schedule.boundary-order',
    en: /^expected an epoch after (boundaries\[\d+\]) \((\d+)\)$/,
    ko: (at, v) => `${at}(${v})보다 뒤의 에포크여야 합니다`,
  },
  {
    id: 'schedule.values-count',
    en: /^expected (\d+) values, one more than the (\d+) boundaries$/,
    ko: (n, b) => `값이 ${n}개여야 합니다(경계 ${b}개보다 하나 많게)`,
  },
  {
    id: 'one-cycle.start-above-max',
    en: /^expected a number ≤ max_rate \((.+)\)$/,
    ko: (v) => `max_rate(${v}) 이하의 숫자여야 합니다`,
  },
  {
    id: 'unfreeze.after-epochs',
    en: /^expected fewer epochs than training\.epochs \((\d+)\)$/,
    ko: (n) => `training.epochs(${n})보다 작은 에포크 수여야 합니다`,
  },
  {
    id: 'transfer.run',
    en: /^expected the id of a saved run \(a non-empty string\)$/,
    ko: () => '저장된 실행의 id(비어 있지 않은 문자열)여야 합니다',
  },
  {
    id: 'classes.too-few',
    en: /^expected at least (\d+) classes \(a classifier needs two to tell apart\)$/,
    ko: (n) => `클래스가 ${n}개 이상 있어야 합니다(분류기는 두 클래스 이상을 구별합니다)`,
  },
  {
    id: 'classes.order',
    en: /^expected a class above (classes\[\d+\]) \((\d+)\): classes are listed in ascending order, each once$/,
    ko: (at, v) => `${at}(${v})보다 큰 클래스여야 합니다. 클래스는 오름차순으로 한 번씩만 씁니다`,
  },
  { id: 'at-least-number', en: /^expected a number ≥ (-?[\d.e+-]+)$/, ko: (a) => `${a} 이상의 숫자여야 합니다` },
  { id: 'greater-than-number', en: /^expected a number > (-?[\d.e+-]+)$/, ko: (a) => `${a}보다 큰 숫자여야 합니다` },
  {
    id: 'greater-than-minval',
    en: /^expected a number > minval \((.+)\)$/,
    ko: (v) => `minval(${v})보다 큰 숫자여야 합니다`,
  },
  {
    id: 'rrelu.upper-below-default-lower',
    en: /^expected a number ≥ the default lower, (\S+)$/,
    ko: (v) => `lower의 기본값 ${v} 이상의 숫자여야 합니다`,
  },
  {
    id: 'rrelu.lower-above-default-upper',
    en: /^expected a number ≤ the default upper, (\S+)$/,
    ko: (v) => `upper의 기본값 ${v} 이하의 숫자여야 합니다`,
  },
  { id: 'rrelu.lower-above-upper', en: /^expected a number ≤ upper \((.+)\)$/, ko: (v) => `upper(${v}) 이하의 숫자여야 합니다` },
  { id: 'number', en: /^expected a number$/, ko: () => '숫자여야 합니다' },
  { id: 'boolean', en: /^expected true or false$/, ko: () => 'true 또는 false여야 합니다' },
  { id: 'positive-integer', en: /^expected a positive integer$/, ko: () => '양의 정수여야 합니다' },
  { id: 'max-units', en: /^expected at most (\d+) units$/, ko: (n) => `유닛은 최대 ${n}개까지 둘 수 있습니다` },
  { id: 'format', en: /^expected ("[^"]*")$/, ko: (f) => `${f}이어야 합니다` },
  {
    id: 'version',
    en: /^this app reads versions? ([\d, and]+)$/,
    ko: (v) => `이 앱은 버전 ${v.replace(/ and |, /g, ', ')} 문서만 읽습니다`,
  },
  {
    id: 'name-string',
    en: /^expected a non-empty string of at most (\d+) characters$/,
    ko: (n) => `비어 있지 않은 ${n}자 이하의 문자열이어야 합니다`,
  },
  { id: 'string-length', en: /^expected a string of at most (\d+) characters$/, ko: (n) => `${n}자 이하의 문자열이어야 합니다` },
  { id: 'layers-array', en: /^expected an array of layers$/, ko: () => '층의 배열이어야 합니다' },
  {
    id: 'too-many-layers',
    en: /^expected at most (\d+) layers, received (\d+) layers$/,
    ko: (max, n) => `층은 최대 ${max}개까지 둘 수 있는데 ${n}개가 있습니다`,
  },
  { id: 'max-layers', en: /^expected at most (\d+) layers$/, ko: (max) => `층은 최대 ${max}개까지 둘 수 있습니다` },
  // schema.ts: objects
  { id: 'unknown-key.allowed', en: /^unknown key \(allowed: (.*)\)$/s, ko: (keys) => `알 수 없는 키입니다(쓸 수 있는 키: ${keys})` },
  { id: 'unknown-key', en: /^unknown key$/, ko: () => '알 수 없는 키입니다' },
  {
    id: 'layer-object.example',
    en: /^expected a layer object such as (\{.*\})$/s,
    ko: (ex) => `${ex}와 같은 층 객체여야 합니다`,
  },
  { id: 'layer-object', en: /^expected a layer object$/, ko: () => '층 객체여야 합니다' },
  { id: 'initializer-object', en: /^expected an initializer object$/, ko: () => '초기화 객체여야 합니다' },
  {
    id: 'optimizer-object.example',
    en: /^expected an optimizer object such as (\{.*\})$/s,
    ko: (ex) => `${ex}와 같은 옵티마이저 객체여야 합니다`,
  },
  { id: 'optimizer-object', en: /^expected an optimizer object$/, ko: () => '옵티마이저 객체여야 합니다' },
  {
    id: 'object.example',
    en: /^expected an? (learning-rate schedule|early-stopping|unfreeze|transfer|regularizer|constraint) object such as (\{.*\})$/s,
    ko: (noun, ex) => `${ex}와 같은 ${OBJECT_NOUNS_KO[noun] ?? noun} 객체여야 합니다`,
  },
  {
    id: 'object',
    en: /^expected an? (learning-rate schedule|early-stopping|unfreeze|transfer|regularizer|constraint) object$/,
    ko: (noun) => `${OBJECT_NOUNS_KO[noun] ?? noun} 객체여야 합니다`,
  },
  {
    id: 'training-object',
    en: /^expected the training settings: an object with (.+) and (\w+)$/,
    ko: (keys, last) => `훈련 설정이어야 합니다: ${keys}, ${last} 키를 가진 객체`,
  },
  {
    id: 'model-object',
    en: /^expected a model document: a JSON object with (.+) and (\w+)$/,
    ko: (keys, last) => `모델 문서여야 합니다: ${keys}, ${last} 키를 가진 JSON 객체`,
  },
  // validate.ts
  { id: 'unreadable', en: /^could not read the document \((.+)\)$/, ko: (name) => `문서를 읽을 수 없습니다(${name})` },
  { id: 'not-text', en: /^expected the text of a JSON document$/, ko: () => 'JSON 문서의 텍스트여야 합니다' },
  {
    id: 'text-too-long',
    en: /^the document is (\d+) characters long; a model document may have at most (\d+)$/,
    ko: (n, max) => `문서의 길이가 ${n}자입니다. 모델 문서는 최대 ${max}자까지입니다`,
  },
  { id: 'empty', en: /^the document is empty; expected a JSON object$/, ko: () => '문서가 비어 있습니다. JSON 객체가 필요합니다' },
  {
    id: 'json-syntax',
    en: /^invalid JSON at line (\d+), column (\d+): (.+)$/s,
    ko: (line, column, reason) => {
      const why = koreanWith(JSON_REASON_TEMPLATES, reason);
      return why === null ? null : `JSON 문법 오류(${line}행 ${column}열): ${why}`;
    },
  },
  { id: 'json-too-deep', en: /^invalid JSON \(too deeply nested to read\)$/, ko: () => 'JSON이 너무 깊게 중첩되어 읽을 수 없습니다' },
  {
    id: 'duplicate-key',
    en: /^duplicate key (.+)$/s,
    ko: (key) => `키 ${key}이(가) 중복되었습니다(같은 객체에 두 번 이상 있습니다)`,
  },
  { id: 'more-problems', en: /^(\d+) more problems not listed$/, ko: (n) => `표시하지 않은 문제가 ${n}개 더 있습니다` },
  // semantics.ts
  {
    id: 'no-layers',
    en: /^expected at least one layer; a model needs a flatten layer and a dense output layer with (\d+) units and softmax$/,
    ko: (n) => `층이 하나 이상 있어야 합니다. 모델에는 flatten 층과, 유닛 ${n}개에 softmax를 쓰는 dense 출력층이 필요합니다`,
  },
  {
    id: 'second-flatten',
    en: /^a second flatten layer; the data is already flat after (layers\[\d+\])$/,
    ko: (at) => `두 번째 flatten 층입니다. 데이터는 ${at}에서 이미 평탄화되었습니다`,
  },
  {
    id: 'dense-before-flatten',
    en: /^a dense layer before any flatten layer would act on each (\d+)-pixel row of the (\d+)×(\d+) image separately, not on the whole image; put (\{.*\}) before the first dense layer$/s,
    ko: (px, rows, cols, flatten) =>
      `flatten 층보다 앞에 있는 dense 층은 ${rows}×${cols} 이미지 전체가 아니라 ${px}픽셀짜리 행 하나하나에 따로 작용합니다. 첫 dense 층 앞에 ${flatten}을(를) 넣으세요`,
  },
  {
    id: 'last-layer-dense',
    en: /^the last layer must be dense with (\d+) units, one per class, and activation softmax \((.+)\)$/,
    ko: (n, why) => {
      const w = whyKo(why);
      return w === null ? null : `마지막 층은 클래스마다 유닛 하나씩, 유닛 ${n}개에 활성화 함수 softmax를 쓰는 dense 층이어야 합니다(${w})`;
    },
  },
  {
    id: 'output-units',
    en: /^the output layer must have (\d+) units, one per class \((.+)\)$/,
    ko: (n, why) => {
      const w = whyKo(why);
      return w === null ? null : `출력층의 유닛은 클래스마다 하나씩, ${n}개여야 합니다(${w})`;
    },
  },
  {
    id: 'output-softmax.omitted',
    en: /^the output layer must use activation softmax \((.+)\); omitted means linear$/,
    ko: (why) => {
      const w = whyKo(why);
      return w === null ? null : `출력층의 활성화 함수는 softmax여야 합니다(${w}). 지정하지 않으면 linear입니다`;
    },
  },
  {
    id: 'output-softmax',
    en: /^the output layer must use activation softmax \((.+)\)$/,
    ko: (why) => {
      const w = whyKo(why);
      return w === null ? null : `출력층의 활성화 함수는 softmax여야 합니다(${w})`;
    },
  },
  {
    id: 'transfer.layers',
    en: /^expected at most (\d+): every layer but the output layer \((layers\[\d+\])\) can be reused$/,
    ko: (n, at) => `${n} 이하여야 합니다. 출력층(${at})을 뺀 층만 재사용할 수 있습니다`,
  },
  {
    id: 'memory.layer-weights',
    en: /^this layer needs (\d+) × (\d+) weights \(([\d.]+) GiB as float32 with gradient and optimizer state\); the limit is ([\d.]+) GiB$/,
    ko: (fanIn, units, size, limit) => `이 층에는 가중치 ${fanIn} × ${units}개가 필요합니다${MEMORY_KO(size, limit)}`,
  },
  {
    id: 'memory.layer-params',
    en: /^this layer needs (\d+) parameters \(([\d.]+) GiB as float32 with gradient and optimizer state\); the limit is ([\d.]+) GiB$/,
    ko: (n, size, limit) => `이 층에는 파라미터 ${n}개가 필요합니다${MEMORY_KO(size, limit)}`,
  },
  {
    id: 'memory.model',
    en: /^the model needs (\d+) parameters \(([\d.]+) GiB as float32 with gradient and optimizer state\); the limit is ([\d.]+) GiB$/,
    ko: (n, size, limit) => `모델에 파라미터 ${n}개가 필요합니다${MEMORY_KO(size, limit)}`,
  },
  // validate.ts fallbackMessage: wording for issues a schema did not word itself
  { id: 'at-most', en: /^expected at most (\S+)$/, ko: (n) => `${n} 이하여야 합니다` },
  { id: 'at-least', en: /^expected at least (\S+)$/, ko: (n) => `${n} 이상이어야 합니다` },
  { id: 'invalid-value', en: /^is not a valid value here$/, ko: () => '여기에 올 수 없는 값입니다' },
  {
    id: 'type',
    en: /^expected (\w+)$/,
    ko: (type) => {
      const name = Object.hasOwn(TYPE_NAMES_KO, type) ? TYPE_NAMES_KO[type] : undefined;
      return name === undefined ? null : `${name} 합니다`;
    },
  },
];

/** What previewValue writes for values that are not plain data. */
const PREVIEW_WORDS_KO: Record<string, string> = { 'a function': '함수', 'a symbol': '심볼', undefined: 'undefined' };

/** Korean of `text` by the first template of `table` that matches it whole; null when none does. */
function koreanWith(table: readonly ModelMessageTemplate[], text: string): string | null {
  for (const t of table) {
    const m = t.en.exec(text);
    if (m) return t.ko(...m.slice(1).map((g) => g ?? ''));
  }
  return null;
}

const MISSING = 'missing; ';
const RECEIVED = ', received ';

/**
 * Korean of one validator message (without path; with any `, received …` the validator put in
 * it), or null when no template knows it. Example:
 * `koreanModelMessage('missing; expected a positive integer')` → `'값이 없습니다. 양의 정수여야 합니다'`.
 */
export function koreanModelMessage(message: string): string | null {
  if (message.startsWith(MISSING)) {
    const rest = koreanModelMessage(message.slice(MISSING.length));
    return rest === null ? null : `값이 없습니다. ${rest}`;
  }
  const whole = koreanWith(MODEL_MESSAGE_TEMPLATES, message);
  if (whole !== null) return whole;
  // `<message>, received <preview>` (validate.ts, for values that are not plain data): the split
  // is tried at each `, received `, since a quoted value may hold those words too.
  for (let at = message.indexOf(RECEIVED); at !== -1; at = message.indexOf(RECEIVED, at + 1)) {
    const head = koreanWith(MODEL_MESSAGE_TEMPLATES, message.slice(0, at));
    if (head === null) continue;
    const value = message.slice(at + RECEIVED.length);
    return `${head}. 입력값: ${Object.hasOwn(PREVIEW_WORDS_KO, value) ? PREVIEW_WORDS_KO[value] : value}`;
  }
  return null;
}

/**
 * Ids of the templates that read `message`, outermost first (`['json-syntax', 'json.bad-number']`),
 * or `[]` when none does: what the tests use to see that every template is reached.
 */
export function modelMessageTemplateIds(message: string): string[] {
  const core = message.startsWith(MISSING) ? message.slice(MISSING.length) : message;
  const ids = (text: string): string[] => {
    const hit = MODEL_MESSAGE_TEMPLATES.find((t) => t.en.test(text));
    if (!hit) return [];
    const reason = hit.id === 'json-syntax' ? JSON_REASON_TEMPLATES.find((t) => t.en.test(text.replace(/^[^:]*: /, ''))) : undefined;
    return reason ? [hit.id, reason.id] : [hit.id];
  };
  const whole = ids(core);
  if (whole.length > 0) return whole;
  for (let at = core.indexOf(RECEIVED); at !== -1; at = core.indexOf(RECEIVED, at + 1)) {
    const head = ids(core.slice(0, at));
    if (head.length > 0) return head;
  }
  return [];
}

function englishProblem(e: ModelError): string {
  return Object.hasOwn(e, 'received') ? `${e.message}${RECEIVED}${previewValue(e.received)}` : e.message;
}

/**
 * A problem without its path, for showing beside the field the path names. Examples:
 * `('en')` → `'expected a positive integer, received 0'`; `('ko')` → `'양의 정수여야 합니다. 입력값: 0'`.
 * A message no template knows is given in English, received value and all.
 */
export function modelProblemText(e: ModelError, lang: ModelErrorLanguage): string {
  if (lang === 'en') return englishProblem(e);
  const ko = koreanModelMessage(e.message);
  if (ko === null) return englishProblem(e);
  return Object.hasOwn(e, 'received') ? `${ko}. 입력값: ${previewValue(e.received)}` : ko;
}

/**
 * A problem with its path: `layers[1].units: expected a positive integer, received 0` in English
 * (exactly formatModelError's text), `layers[1].units: 양의 정수여야 합니다. 입력값: 0` in Korean.
 */
export function modelErrorText(e: ModelError, lang: ModelErrorLanguage): string {
  if (lang === 'en') return formatModelError(e);
  return `${e.path}: ${modelProblemText(e, lang)}`;
}

// A path as formatPath writes it: `(root)`, or identifiers, `[2]` and `["odd key"]` (maybe cut with `…`).
const BRACKET = String.raw`\[(?:\d+|"(?:[^"\\]|\\.)*(?:"|…)|[^\]]*)\]`;
const IDENT = String.raw`[A-Za-z_$][\w$]*`;
const PATH = new RegExp(String.raw`^(?:${ROOT_PATH.replace(/[()]/g, '\\$&')}|(?:${IDENT}|${BRACKET})(?:\.${IDENT}|${BRACKET})*)$`);

/**
 * A line as formatModelError wrote it (`layers[1]: duplicate key "units"`), in `lang`; for
 * callers that hold the formatted text, not the ModelError. A line that is not of that form,
 * or whose message no template knows, is returned as it is.
 */
export function modelErrorLineText(line: string, lang: ModelErrorLanguage): string {
  if (lang === 'en') return line;
  for (let at = line.indexOf(': '); at !== -1; at = line.indexOf(': ', at + 1)) {
    const path = line.slice(0, at);
    if (!PATH.test(path)) continue;
    const ko = koreanModelMessage(line.slice(at + 2));
    if (ko !== null) return `${path}: ${ko}`;
  }
  return line;
}
