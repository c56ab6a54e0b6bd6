// Intentionally not a module. tsconfig.renderer.json maps Electron, Node (`node:*`), ws and
// tfjs imports here, so they fail with "File '…/not-in-this-layer.d.ts' is not a module".
// The target must exist: when a `paths` target is missing, TypeScript falls back to
// node_modules and the forbidden import compiles (that is why build/forbidden/ alone
// does not work).
