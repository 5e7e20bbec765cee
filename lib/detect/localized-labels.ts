/**
 * Windows writes its own event text in the system's language: a German console shows a 4688
 * event as "Neuer Prozessname:" and "Erstellerprozessname:", a French one as "Nom du nouveau
 * processus :" and "Nom du processus créateur :". The field classifier knows English words;
 * this maps the words those labels are made of (process, new, creator, parent, name, path,
 * file, command line), in the languages Windows ships most, to the English ones, and drops the
 * little words between them. Field names of Sysmon, EDRs and SIEMs are English in every
 * language and never reach this table.
 */

/** Words of German, French, Spanish, Italian, Portuguese and Russian labels, accents removed. */
const WORDS = new Map<string, string[]>(
  Object.entries({
    // German (compounds written as one word)
    prozess: 'process',
    prozesses: 'process',
    prozessname: 'process name',
    prozessnamen: 'process name',
    neuer: 'new',
    neue: 'new',
    neues: 'new',
    neuen: 'new',
    ersteller: 'creator',
    erstellerprozess: 'creator process',
    erstellerprozesses: 'creator process',
    erstellerprozessname: 'creator process name',
    prozessbefehlszeile: 'process command line',
    befehlszeile: 'command line',
    ubergeordneter: 'parent',
    ubergeordnete: 'parent',
    ubergeordneten: 'parent',
    elternprozess: 'parent process',
    pfad: 'path',
    dateiname: 'filename',
    datei: 'file',
    // French
    nom: 'name',
    nouveau: 'new',
    nouvel: 'new',
    processus: 'process',
    createur: 'creator',
    ligne: 'line',
    commande: 'command',
    chemin: 'path',
    fichier: 'file',
    // Spanish
    nombre: 'name',
    nuevo: 'new',
    proceso: 'process',
    creador: 'creator',
    linea: 'line',
    comandos: 'command',
    comando: 'command',
    ruta: 'path',
    archivo: 'file',
    padre: 'parent',
    // Italian
    nome: 'name',
    nuovo: 'new',
    processo: 'process',
    creatore: 'creator',
    riga: 'line',
    percorso: 'path',
    // Portuguese
    novo: 'new',
    criador: 'creator',
    linha: 'line',
    caminho: 'path',
    arquivo: 'file',
    pai: 'parent',
    // Russian
    имя: 'name',
    нового: 'new',
    новый: 'new',
    процесса: 'process',
    процесс: 'process',
    создателя: 'creator',
    создающего: 'creator',
    командная: 'command',
    строка: 'line',
    родительский: 'parent',
    родительского: 'parent',
    путь: 'path',
    файла: 'file',
    файл: 'file',
  }).map(([word, english]) => [word, english.split(' ')]),
);

/** Articles and prepositions between a translated label's words ("Nom du processus"). */
const LITTLE_WORDS = new Set([
  'd',
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'des',
  'di',
  'do',
  'du',
  'el',
  'il',
  'l',
  'la',
  'le',
  'von',
]);

/**
 * Terms of Japanese, Chinese and Korean labels, which are not split by spaces: replaced in
 * the label itself, longest first.
 */
const CJK_TERMS: Array<[string, string]> = (
  [
    ['新しいプロセス名', 'new process name'],
    ['作成元プロセス名', 'creator process name'],
    ['親プロセス', 'parent process'],
    ['プロセス名', 'process name'],
    ['コマンド ライン', 'command line'],
    ['コマンドライン', 'command line'],
    ['プロセス', 'process'],
    ['新进程名称', 'new process name'],
    ['创建者进程名称', 'creator process name'],
    ['进程命令行', 'process command line'],
    ['父进程', 'parent process'],
    ['进程名称', 'process name'],
    ['命令行', 'command line'],
    ['进程', 'process'],
    ['새 프로세스 이름', 'new process name'],
    ['작성자 프로세스 이름', 'creator process name'],
    ['프로세스 명령줄', 'process command line'],
    ['부모 프로세스', 'parent process'],
    ['프로세스 이름', 'process name'],
    ['프로세스', 'process'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/**
 * The English words of a label written in another language, or null when it holds no word
 * of one (an English label is then read as it is).
 * @example englishWords('Nom du processus créateur') // ['name', 'process', 'creator']
 * @example englishWords('ParentImage') // null
 */
export function englishWords(label: string): string[] | null {
  const lower = label.toLowerCase();
  let text = lower;
  if (CJK.test(text))
    for (const [term, english] of CJK_TERMS) text = text.replaceAll(term, ` ${english} `);
  const words = text.normalize('NFD').replace(MARKS, '').split(NOT_WORD).filter(Boolean);
  if (!words.some((w) => WORDS.has(w)) && text === lower) return null;
  const english = words.filter((w) => !LITTLE_WORDS.has(w)).flatMap((w) => WORDS.get(w) ?? [w]);
  // The noun leads in Romance and Russian labels ("ID du nouveau processus"): an identifier's
  // or a name's word goes last, where an English label has it.
  const head = english[0];
  if ((head === 'id' || head === 'name') && english.length > 1) english.push(english.shift()!);
  return english;
}
