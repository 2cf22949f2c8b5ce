import type { ConfirmPinMode, ConfirmProgress, ConfirmRequestBody } from "../../../shared/protocol/confirmation.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { certificateChoice } from "./certificate-label.js";
import { canSignWith } from "./certificate-validity.js";
import { words } from "../page-words.js";
import { errorWords } from "./window-words.js";

export interface DecisionElements {
  form: HTMLFormElement;
  certificate: HTMLSelectElement;
  certificateNone: HTMLElement;
  pinEntry: HTMLElement;
  pin: HTMLInputElement;
  pinPad: HTMLElement;
  phoneWaiting: HTMLElement;
  phoneApproval: HTMLElement;
  phoneCode: HTMLElement;
  phoneProvider: HTMLElement;
  problem: HTMLElement;
  problemMessage: HTMLElement;
  problemRetries: HTMLElement;
  progress: HTMLElement;
  progressBar: HTMLProgressElement;
  progressText: HTMLElement;
  progressCurrent: HTMLElement;
  confirm: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

export interface Decision {
  certificateId: string;
  /** Only in pin mode. Read from the field and the field emptied in the same step. */
  pin?: string;
}

/**
 * The part of the window where the person decides: certificate, PIN (or PIN pad, or phone),
 * Sign and Cancel, then what happens while signing (progress, the phone's code, errors).
 */
export class DecisionForm {
  /** After Sign until the background answers: nothing can be changed, only cancelled. */
  #busy = false;
  #ended = false;
  private readonly pinMode: ConfirmPinMode;

  constructor(
    private readonly elements: DecisionElements,
    request: Pick<ConfirmRequestBody, "certificates" | "pinMode">,
    private readonly onDecide: (decision: Decision) => void,
  ) {
    this.pinMode = request.pinMode;
    this.#fillCertificates(request.certificates, new Date());
    elements.pinEntry.hidden = this.pinMode !== "pin";
    elements.pinPad.hidden = this.pinMode !== "pin-pad";
    elements.phoneWaiting.hidden = this.pinMode !== "phone";
    elements.certificate.addEventListener("change", () => this.#update());
    elements.pin.addEventListener("input", () => this.#update());
    elements.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#update();
  }

  /** Where the keyboard starts: the certificate when one must be chosen, else the PIN. */
  focusFirst(): void {
    if (!this.elements.certificate.value) this.elements.certificate.focus();
    else if (this.pinMode === "pin") this.elements.pin.focus();
    else this.elements.confirm.focus();
  }

  #fillCertificates(certificates: ConfirmRequestBody["certificates"], now: Date): void {
    const select = this.elements.certificate;
    const placeholder = new Option(words("confirm_certificatePlaceholder"), "");
    placeholder.disabled = true;
    select.add(placeholder);
    const choices = certificates.map((certificate) => certificateChoice(certificate, now, words));
    for (const choice of choices) {
      const option = new Option(choice.label, choice.certificateId);
      option.disabled = !canSignWith(choice.validity);
      option.dataset.validity = choice.validity.status;
      select.add(option);
    }
    const usable = choices.filter((choice) => canSignWith(choice.validity));
    // One usable certificate is the obvious choice; with several the person picks, never kyso.
    select.value = usable.length === 1 ? usable[0]!.certificateId : "";
    this.elements.certificateNone.hidden = usable.length > 0;
  }

  #ready(): boolean {
    const { certificate, pin } = this.elements;
    const chosen = certificate.value !== "" && certificate.selectedOptions[0]?.disabled === false;
    return !this.#busy && !this.#ended && chosen && (this.pinMode !== "pin" || pin.value.length > 0);
  }

  #update(): void {
    const { certificate, pin, confirm } = this.elements;
    confirm.disabled = !this.#ready();
    certificate.disabled = this.#busy || this.#ended;
    pin.disabled = this.#busy || this.#ended;
  }

  #submit(): void {
    if (!this.#ready()) return;
    const { certificate, pin } = this.elements;
    const decision: Decision = { certificateId: certificate.value };
    if (this.pinMode === "pin") decision.pin = pin.value;
    pin.value = "";
    this.#busy = true;
    this.elements.problem.hidden = true;
    this.#update();
    this.onDecide(decision);
  }

  /** PKI SIM / remote signing: the code the phone shows, so the person approves the right request. */
  showApproval(code: string, provider: string): void {
    this.elements.phoneWaiting.hidden = true;
    this.elements.phoneApproval.hidden = false;
    this.elements.phoneCode.textContent = words("confirm_phoneCode", [code]);
    this.elements.phoneProvider.textContent = words("confirm_phoneCodeCheck", [provider]);
  }

  showProgress({ done, total, stage, documentName }: ConfirmProgress): void {
    const { progress, progressBar, progressText, progressCurrent } = this.elements;
    progress.hidden = false;
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = words("confirm_progress", [String(done), String(total)]);
    progressCurrent.textContent = documentName ? words("confirm_progressCurrent", [documentName, words(`confirm_stage_${stage}`)]) : words(`confirm_stage_${stage}`);
  }

  /**
   * A wrong PIN with tries left: the window stays, the PIN field is emptied and focused, and
   * the tries left are shown; the same certificate stays chosen (ARCHITECTURE rule 4).
   */
  retryPin(code: ErrorCode, retriesLeft: number | undefined): void {
    this.#busy = false;
    this.#showProblem(code, retriesLeft);
    this.elements.phoneApproval.hidden = true;
    this.elements.progress.hidden = true;
    this.elements.pin.value = "";
    this.#update();
    this.elements.pin.focus();
  }

  /** Anything else ends this confirmation: the problem in words, and only Cancel (close) left. */
  fail(code: ErrorCode, retriesLeft?: number): void {
    this.#ended = true;
    this.#showProblem(code, retriesLeft);
    this.elements.phoneApproval.hidden = true;
    this.#update();
  }

  /** The result is in: nothing left to decide. */
  end(): void {
    this.#ended = true;
    this.elements.form.hidden = true;
    this.#update();
  }

  #showProblem(code: ErrorCode, retriesLeft: number | undefined): void {
    const { problem, problemMessage, problemRetries } = this.elements;
    problem.hidden = false;
    problem.dataset.code = code;
    problemMessage.textContent = errorWords(code);
    problemRetries.hidden = retriesLeft === undefined;
    problemRetries.textContent = retriesLeft === undefined ? "" : words("confirm_retriesLeft", [String(retriesLeft)]);
  }
}
