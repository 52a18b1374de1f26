/** storage.local as the entity service and the re-scan use it, kept in a plain object the test can read. */
export function memoryArea() {
  const area: Record<string, unknown> = {};
  return {
    area,
    get: (k: string) => Promise.resolve({ [k]: area[k] }),
    set: (items: Record<string, unknown>) => {
      Object.assign(area, items);
      return Promise.resolve();
    },
    remove: (k: string) => {
      Reflect.deleteProperty(area, k);
      return Promise.resolve();
    },
  };
}
