/**
 * The layers of src/ (one folder each; ../shared/DESIGN.md "Layers", README "How the code is laid
 * out"), kept by `npm run lint`: a module imports only from its own folder and from the layers
 * below it, no import closes a circle, and only node/ and cli/ reach the machine (files, processes,
 * threads, the OS). Layers on one line are side by side and do not import each other.
 */
const LAYERS = [['domain'], ['workbook'], ['layout', 'match'], ['bank'], ['plan'], ['app'], ['report', 'node'], ['cli']];
const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));
const all = [...rank.keys()];

const upward = all.map((layer) => {
  const notBelow = all.filter((other) => other !== layer && rank.get(other) >= rank.get(layer));
  return {
    name: `no-import-up-from-${layer}`,
    comment: `${layer}/ imports only from itself and the layers below it (${all.filter((o) => rank.get(o) < rank.get(layer)).join(', ') || 'none'})`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: `^src/(${notBelow.join('|')})/` },
  };
});

/** Node modules that reach the machine: only node/ and cli/ may use them. */
const MACHINE = '^(node:)?(fs|fs/promises|child_process|worker_threads|os|process|net|http|https|http2|dgram|dns|tls|cluster|readline|tty)$';
const CORE = `^src/(${all.filter((l) => l !== 'node' && l !== 'cli').join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'an import that closes a circle (a module that, through its imports, imports itself)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'machine-only-in-node',
      comment: 'files, processes, threads and the OS are reached from node/ (and cli/) only; the layers below take and return plain data',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], path: MACHINE },
    },
    {
      name: 'zip-only-in-workbook',
      comment: 'only workbook/ opens a zip (fflate) or an encrypted package (officecrypto-tool)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/workbook/' },
      to: { path: '(^|/)node_modules/(fflate|officecrypto-tool)/' },
    },
    {
      name: 'yaml-only-in-bank',
      comment: 'only bank/ parses or writes YAML',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/bank/' },
      to: { path: '(^|/)node_modules/yaml/' },
    },
    {
      name: 'exceljs-only-in-report',
      comment: 'exceljs writes only the workbooks kotae creates (the report, the bank export): report/ alone uses it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/report/' },
      to: { path: '(^|/)node_modules/exceljs/' },
    },
    {
      name: 'terminal-only-in-cli',
      comment: 'only cli/ parses flags, colours, spins or prints (commander, chalk, ora)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '(^|/)node_modules/(commander|chalk|ora)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
