import { useCallback, useRef, useState } from 'react';
import { api, ApiError, type ChatReply } from '../api.js';
import { useTranslation } from '../use-translation.js';

/** A reply shown only to its sender (a refused or malformed command): stored nowhere, so it follows the lines it answered. */
export interface PrivateReply {
  key: number;
  afterPosition: number;
  text: string;
}

export interface RoomSender {
  /** Posts a line as the signed-in person; resolves to false when it was refused or could not be sent (the reason is kept as a private reply). */
  send(line: string): Promise<boolean>;
  privateReplies: PrivateReply[];
  /** The newest refusal, for the control that caused it to announce. */
  lastRefusal: PrivateReply | undefined;
  sending: boolean;
}

/** One way into a room for the chat box, the buttons and the palette: `POST /api/v1/rooms/ROOM/messages`. */
export function useRoomSender(room: string | undefined, lastPosition: number, onAnswered?: (outcome: ChatReply) => void): RoomSender {
  const { t } = useTranslation();
  const [privateReplies, setPrivateReplies] = useState<PrivateReply[]>([]);
  const [sending, setSending] = useState(false);
  const key = useRef(0);
  const position = useRef(lastPosition);
  position.current = lastPosition;
  const answered = useRef(onAnswered);
  answered.current = onAnswered;

  const send = useCallback(
    async (line: string) => {
      if (!room) return false;
      setSending(true);
      const refuse = (texts: string[]) =>
        setPrivateReplies((list) => [...list, ...texts.map((text) => ({ key: ++key.current, afterPosition: position.current, text }))]);
      try {
        const outcome = await api<ChatReply>('POST', `/api/v1/rooms/${encodeURIComponent(room)}/messages`, { text: line });
        const refused = outcome.replies.filter((reply) => reply.error).map((reply) => reply.text);
        // Answers kept in no room's history (they name a private incident) are shown to the sender like refusals, but the line went through.
        const onlyHere = outcome.replies.filter((reply) => reply.onlyForSender && !reply.error).map((reply) => reply.text);
        answered.current?.(outcome);
        if (refused.length || onlyHere.length) refuse([...onlyHere, ...refused]);
        return refused.length === 0;
      } catch (failure) {
        // The browser's own words for a lost connection ("Failed to fetch") are English and say nothing of what to do.
        const unreachable = !(failure instanceof ApiError) || failure.code === 'network';
        refuse([unreachable ? t('room.unreachable') : failure.message]);
        return false;
      } finally {
        setSending(false);
      }
    },
    [room, t],
  );

  return { send, privateReplies, lastRefusal: privateReplies.at(-1), sending };
}
