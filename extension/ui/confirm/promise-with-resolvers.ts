/**
 * pdf.js (even its legacy build) calls Promise.withResolvers, which Chrome has only since 119
 * and Node since 22; the manifest promises Chrome 116. Installed before pdf.js loads.
 */
// Typed by hand: the repository's lib (ES2023) does not know the method yet.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
