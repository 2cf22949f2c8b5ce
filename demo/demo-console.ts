/**
 * What the demo prints: every step in Vietnamese, then in English (the README's order), with
 * the time it took, and a record of each step for demo-output/summary.json. A skipped step
 * says why and what to install; the demo goes on.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export type StepOutcome = "done" | "skipped" | "failed";

export interface StepRecord {
  id: string;
  title: Bilingual;
  outcome: StepOutcome;
  seconds: number;
  detail?: Bilingual;
}

export interface DemoConsole {
  /** Runs one step; a thrown error fails it (and is rethrown), `skip()` inside it marks it skipped. */
  step<T>(id: string, title: Bilingual, body: (step: StepControl) => Promise<T>): Promise<T>;
  note(text: Bilingual): void;
  records(): readonly StepRecord[];
}

export interface StepControl {
  /** Ends the step as skipped with the reason (and how to get it next time); returns undefined. */
  skip(reason: Bilingual): undefined;
  /** A line under the step, e.g. the file it wrote. */
  detail(text: Bilingual): void;
}

const bilingualLine = (text: Bilingual) => (text.vi === text.en ? text.vi : `${text.vi}\n      ${text.en}`);

export function createDemoConsole(write: (text: string) => void = (text) => process.stdout.write(text)): DemoConsole {
  const records: StepRecord[] = [];
  return {
    async step(id, title, body) {
      write(`\n▶ ${title.vi}\n  ${title.en}\n`);
      const started = performance.now();
      let skipped: Bilingual | undefined;
      let detail: Bilingual | undefined;
      const control: StepControl = {
        skip(reason) {
          skipped = reason;
          return undefined;
        },
        detail(text) {
          detail = text;
          write(`    ${bilingualLine(text)}\n`);
        },
      };
      const finish = (outcome: StepOutcome, why?: Bilingual) => {
        const seconds = (performance.now() - started) / 1000;
        records.push({ id, title, outcome, seconds, ...(why ?? detail ? { detail: why ?? detail } : {}) });
        const mark = { done: "✔ xong / done", skipped: "↷ bỏ qua / skipped", failed: "✘ lỗi / failed" }[outcome];
        write(`  ${mark} (${seconds.toFixed(1)} s)${why ? `: ${bilingualLine(why)}` : ""}\n`);
      };
      try {
        const result = await body(control);
        finish(skipped ? "skipped" : "done", skipped);
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        finish("failed", { vi: message, en: message });
        throw error;
      }
    },
    note(text) {
      write(`  ${bilingualLine(text)}\n`);
    },
    records: () => records,
  };
}
