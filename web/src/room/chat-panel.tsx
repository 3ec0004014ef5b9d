import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { RoomMessage } from '../api.js';
import { formatClock, formatTime } from '../format.js';
import { useTranslation } from '../use-translation.js';
import type { PrivateReply, RoomSender } from './use-room-sender.js';

export function ChatPanel({
  messages,
  name,
  sender,
  draft,
  onEarlier,
}: {
  messages: RoomMessage[];
  name: (handle: string) => string;
  sender: RoomSender;
  /** Text put into the box from outside (the command palette), with a counter so the same text twice still lands. */
  draft?: { text: string; n: number };
  onEarlier?: () => void;
}) {
  const { t, locale } = useTranslation();
  const { privateReplies, sending } = sender;
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    if (!draft) return;
    setText(draft.text);
    input.current?.focus();
  }, [draft]);

  useEffect(() => {
    const element = log.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, privateReplies.length]);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const line = text.trim();
    if (!line || sending) return;
    stick.current = true;
    // What was typed stays in the box unless the server took it: a refused line can be corrected, a lost one sent again.
    // Anything typed meanwhile is kept too.
    if (await sender.send(line)) setText((current) => (current.trim() === line ? '' : current));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const items: ({ kind: 'line'; message: RoomMessage } | { kind: 'private'; reply: PrivateReply })[] = [];
  let next = 0;
  const sorted = [...privateReplies].sort((a, b) => a.afterPosition - b.afterPosition || a.key - b.key);
  for (const message of messages) {
    while (next < sorted.length && sorted[next].afterPosition < message.position) items.push({ kind: 'private', reply: sorted[next++] });
    items.push({ kind: 'line', message });
  }
  while (next < sorted.length) items.push({ kind: 'private', reply: sorted[next++] });

  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t('room.chat')}</h2>
      {onEarlier && (
        <button type="button" className="link-button" onClick={onEarlier}>
          {t('room.earlier_lines')}
        </button>
      )}
      <ol
        className="chat-log"
        ref={log}
        role="log"
        aria-live="polite"
        aria-label={t('room.chat_log')}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {items.map((item) =>
          item.kind === 'line' ? (
            <li key={item.message.position} className={item.message.bot ? 'line bot' : 'line'} data-position={item.message.position}>
              <time dateTime={item.message.at} title={formatTime(item.message.at, locale)}>
                {formatClock(item.message.at, locale)}
              </time>{' '}
              <span className="author">{item.message.bot ? t('room.bot_name') : name(item.message.author)}</span>
              <span className="text">{item.message.text}</span>
            </li>
          ) : (
            <li key={`p${item.reply.key}`} className="line private" data-private="true">
              <span className="author">{t('room.only_you')}</span>
              <span className="text">{item.reply.text}</span>
            </li>
          ),
        )}
      </ol>
      <form className="chat-form" onSubmit={send}>
        <label htmlFor="chat-input">{t('room.message')}</label>
        <div className="chat-row">
          <textarea
            id="chat-input"
            ref={input}
            rows={1}
            value={text}
            maxLength={4000}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            aria-describedby="chat-hint"
            autoComplete="off"
          />
          <button type="submit" disabled={sending || !text.trim()}>
            {t('room.send')}
          </button>
        </div>
        <p id="chat-hint" className="hint">
          {t('room.message_hint')}
        </p>
      </form>
    </section>
  );
}
