// json-logic-js ships no types; the two functions the benchmark uses.
declare module 'json-logic-js' {
  const jsonLogic: {
    apply(logic: unknown, data?: unknown): unknown;
    add_operation(name: string, fn: (...args: any[]) => unknown): void;
  };
  export default jsonLogic;
}
