// Deliberately not a module. Each layer's tsconfig maps the imports it must not use
// (electron, tfjs, ws, svelte, chart.js …) here, so such an import fails to compile
// with "is not a module" instead of quietly resolving from node_modules.
