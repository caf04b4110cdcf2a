import type { Page } from "playwright-core";

/**
 * Drives the GraphiQL 3 playground in a page. Its editors are CodeMirror 5 instances, reachable from the DOM as the
 * `CodeMirror` property of each `.CodeMirror` element; setting text through them is what a user's typing amounts to
 * (GraphiQL listens to their change events).
 */

export const PLAYGROUND_SELECTORS = {
  root: ".graphiql-container",
  queryEditor: ".graphiql-query-editor .CodeMirror",
  headersTab: '.graphiql-editor-tools button[data-name="headers"]',
  variablesTab: '.graphiql-editor-tools button[data-name="variables"]',
  /** The variables or headers editor, whichever tab is active. */
  activeToolEditor: ".graphiql-editor-tool > .graphiql-editor:not(.hidden) .CodeMirror",
  runButton: ".graphiql-execute-button",
  resultEditor: ".graphiql-response .result-window .CodeMirror",
} as const;

/** What the page functions below touch, typed here because this project compiles without the DOM library. */
interface CodeMirrorEditor {
  getValue(): string;
  setValue(value: string): void;
  /** Set by GraphiQL's (debounced, 100 ms) change handler of the query editor; run uses the operation it found. */
  documentAST?: unknown;
}
interface CodeMirrorElement {
  CodeMirror?: CodeMirrorEditor;
}
interface BrowserDocument {
  querySelector(selector: string): CodeMirrorElement | null;
}
interface BrowserGlobals {
  document: BrowserDocument;
}

/** Opens the playground and waits until GraphiQL has rendered its query editor. */
export async function openPlayground(page: Page, url: string, timeoutMs = 30_000): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(PLAYGROUND_SELECTORS.root, { timeout: timeoutMs });
  await waitForEditor(page, PLAYGROUND_SELECTORS.queryEditor, timeoutMs);
}

/**
 * Replaces the query and waits until GraphiQL has parsed it: its change handler is debounced, and pressing run before
 * it fires would send the previous operation's name ("Unknown operation named ...").
 */
export async function setQuery(page: Page, query: string): Promise<void> {
  const target = PLAYGROUND_SELECTORS.queryEditor;
  await page.evaluate(
    ({ selector, text }) => {
      const editor = (globalThis as unknown as BrowserGlobals).document.querySelector(selector)?.CodeMirror;
      if (!editor) throw new Error(`No CodeMirror editor at ${selector}`);
      editor.documentAST = undefined;
      editor.setValue(text);
    },
    { selector: target, text: query },
  );
  await page.waitForFunction(
    (selector) => (globalThis as unknown as BrowserGlobals).document.querySelector(selector)?.CodeMirror?.documentAST !== undefined,
    target,
    { timeout: 5_000 },
  );
}

export async function readQuery(page: Page): Promise<string> {
  return readEditorValue(page, PLAYGROUND_SELECTORS.queryEditor);
}

/** Shows the Headers tab and replaces its text (a JSON object, e.g. `{"Authorization": "Bearer ..."}`). */
export async function setHeaders(page: Page, headers: string): Promise<void> {
  await showTool(page, "Headers");
  await setEditorValue(page, PLAYGROUND_SELECTORS.activeToolEditor, headers);
}

export async function readHeaders(page: Page): Promise<string> {
  await showTool(page, "Headers");
  return readEditorValue(page, PLAYGROUND_SELECTORS.activeToolEditor);
}

export async function setVariables(page: Page, variables: string): Promise<void> {
  await showTool(page, "Variables");
  await setEditorValue(page, PLAYGROUND_SELECTORS.activeToolEditor, variables);
}

/** Presses the run (execute) button. */
export async function runOperation(page: Page): Promise<void> {
  await page.click(PLAYGROUND_SELECTORS.runButton);
}

/** The text of the result pane (a JSON response, or "" before anything ran). */
export async function readResult(page: Page): Promise<string> {
  return readEditorValue(page, PLAYGROUND_SELECTORS.resultEditor);
}

/** Waits until the result pane contains `text`, and returns the whole result. */
export async function waitForResult(page: Page, text: string, timeoutMs = 15_000): Promise<string> {
  try {
    await page.waitForFunction(
      ({ selector, expected }) => {
        const element = (globalThis as unknown as BrowserGlobals).document.querySelector(selector);
        return element?.CodeMirror?.getValue().includes(expected) ?? false;
      },
      { selector: PLAYGROUND_SELECTORS.resultEditor, expected: text },
      { timeout: timeoutMs },
    );
  } catch (error) {
    const seen = await readResult(page).catch(() => "<no result pane>");
    throw new Error(`The result pane never contained ${JSON.stringify(text)}; it shows: ${seen}`, { cause: error });
  }
  return readResult(page);
}

/** Sets headers and query, runs, and returns the result once it contains `expected`. */
export async function runInPlayground(
  page: Page,
  step: { headers?: string; query: string; variables?: string; expected: string },
): Promise<string> {
  if (step.headers !== undefined) await setHeaders(page, step.headers);
  if (step.variables !== undefined) await setVariables(page, step.variables);
  await setQuery(page, step.query);
  await runOperation(page);
  return waitForResult(page, step.expected);
}

async function showTool(page: Page, label: "Headers" | "Variables"): Promise<void> {
  const section = `section.graphiql-editor-tool[aria-label="${label}"]`;
  const isShown = await page.locator(section).isVisible();
  if (!isShown) {
    await page.click(label === "Headers" ? PLAYGROUND_SELECTORS.headersTab : PLAYGROUND_SELECTORS.variablesTab);
    await page.waitForSelector(section, { state: "visible" });
  }
  await waitForEditor(page, PLAYGROUND_SELECTORS.activeToolEditor, 5_000);
}

async function waitForEditor(page: Page, selector: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (target) => (globalThis as unknown as BrowserGlobals).document.querySelector(target)?.CodeMirror !== undefined,
    selector,
    { timeout: timeoutMs },
  );
}

async function setEditorValue(page: Page, selector: string, value: string): Promise<void> {
  await page.evaluate(
    ({ target, text }) => {
      const editor = (globalThis as unknown as BrowserGlobals).document.querySelector(target)?.CodeMirror;
      if (!editor) throw new Error(`No CodeMirror editor at ${target}`);
      editor.setValue(text);
    },
    { target: selector, text: value },
  );
}

async function readEditorValue(page: Page, selector: string): Promise<string> {
  return page.evaluate((target) => {
    const editor = (globalThis as unknown as BrowserGlobals).document.querySelector(target)?.CodeMirror;
    if (!editor) throw new Error(`No CodeMirror editor at ${target}`);
    return editor.getValue();
  }, selector);
}
