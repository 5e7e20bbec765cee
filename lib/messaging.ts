import { defineExtensionMessaging } from '@webext-core/messaging';

/**
 * The one typed contract between content scripts, popup, options and the background.
 * Payloads are plain JSON. Expected failures are values (`{ ok: false, reason }`), never
 * thrown errors. The background validates every payload and checks the sender, because a
 * message type is a promise, not a proof.
 */
export interface BackgroundStatus {
  version: string;
  /** 'echotrail' when a key is set, else 'baseline'. The key itself never leaves the background. */
  mode: 'echotrail' | 'baseline';
  apiBaseUrl: string;
}

export interface ProtocolMap {
  /** Liveness and mode, for the popup's status line and the harness. */
  getStatus(): BackgroundStatus;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
