import type { ComposeCertificate } from "../../../shared/protocol/compose.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import type { MailSendParams } from "../../../shared/protocol/methods/mail.js";
import { certificateChoice, type Words } from "../confirm/certificate-label.js";
import { canSignWith } from "../confirm/certificate-validity.js";

/**
 * "Ký thư (S/MIME)" in the compose window: ticked by default when policy mail.smime says so, the
 * person may change it per message. Ticked, it asks for the token certificate (listed as the
 * confirmation window lists them, an expired one not selectable) and the PIN; the PIN is typed
 * only here — an extension page the portal cannot script — goes once to the sidecar with
 * mail.send and is cleared from the field as soon as it is sent.
 */
export class SmimeChoice {
  constructor(
    private readonly elements: { box: HTMLInputElement; policyNote: HTMLElement; keySection: HTMLElement; certificate: HTMLSelectElement; certificateNote: HTMLElement; pin: HTMLInputElement },
    private readonly words: Words,
  ) {
    elements.box.addEventListener("change", () => this.showKeySection());
  }

  setDefault(policySigns: boolean): void {
    this.elements.box.checked = policySigns;
    this.elements.policyNote.hidden = !policySigns;
    this.showKeySection();
  }

  private showKeySection(): void {
    this.elements.keySection.hidden = !this.elements.box.checked;
  }

  showCertificates(certificates: ComposeCertificate[], code?: ErrorCode): void {
    const now = new Date();
    const { certificate, certificateNote } = this.elements;
    certificate.replaceChildren();
    for (const entry of certificates) {
      const choice = certificateChoice(entry, now, this.words);
      const option = Object.assign(document.createElement("option"), { value: choice.certificateId, textContent: choice.label, disabled: !canSignWith(choice.validity) });
      certificate.append(option);
    }
    const usable = [...certificate.options].find((option) => !option.disabled);
    if (usable) certificate.value = usable.value;
    const note = code ? this.words("compose_certificatesFailed", [this.words(`error_${code}`) || code]) : certificates.length === 0 ? this.words("compose_certificatesNone") : undefined;
    certificateNote.hidden = note === undefined;
    certificateNote.textContent = note ?? "";
  }

  /** What mail.send gets, or the words saying what is missing. */
  read(): { smime?: NonNullable<MailSendParams["smime"]> } | { problem: string } {
    if (!this.elements.box.checked) return {};
    const chosen = this.elements.certificate.selectedOptions[0];
    if (!chosen || chosen.disabled || chosen.value === "") return { problem: this.words("compose_needCertificate") };
    const pin = this.elements.pin.value;
    if (pin === "") return { problem: this.words("compose_needPin") };
    return { smime: { certificateId: chosen.value, pin } };
  }

  clearPin(): void {
    this.elements.pin.value = "";
  }
}
