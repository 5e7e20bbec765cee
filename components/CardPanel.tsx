import type { CardAnswer } from '@/lib/messaging';
import type { Observation } from '@/lib/score/score-conformity';
import { ProcessCard } from './ProcessCard';

export interface CardPanelProps {
  query: string;
  observation: Observation | null;
  answer: CardAnswer | null;
  failed: boolean;
  close: () => void;
  onCopy: (text: string, format: 'markdown' | 'json') => void;
}

/** The hover and context-menu card: the process card plus a close button. */
export function CardPanel({ query, observation, answer, failed, close, onCopy }: CardPanelProps) {
  return (
    <div class="pl-panel-inner">
      <button type="button" class="pl-close" aria-label="Close" onClick={close}>
        ×
      </button>
      {failed ? (
        <article class="pl-card">
          <h2 class="pl-name">{query}</h2>
          <p class="pl-state" role="status">
            ProcLens could not get an answer (the extension was updated or restarted). Reload the
            page to look this up.
          </p>
        </article>
      ) : (
        <ProcessCard
          query={query}
          result={answer?.result ?? null}
          observation={observation}
          conformity={answer?.conformity ?? null}
          onCopy={onCopy}
        />
      )}
    </div>
  );
}
