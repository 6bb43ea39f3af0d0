// The classic dev server re-requires the build on every change; anything that
// owns a connection or a socket server lives on globalThis so it survives.
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __phsSingletons?: Map<string, unknown> };
  store.__phsSingletons ??= new Map();
  if (!store.__phsSingletons.has(name)) store.__phsSingletons.set(name, create());
  return store.__phsSingletons.get(name) as T;
}

export function forgetSingleton(name: string) {
  const store = globalThis as unknown as { __phsSingletons?: Map<string, unknown> };
  store.__phsSingletons?.delete(name);
}
