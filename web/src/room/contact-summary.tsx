import { roomDisplayName } from '../../../src/domain/incident/rooms.js';
import type { Organisation } from '../api.js';
import { useTranslation } from '../use-translation.js';

/** The runbook's contact summary, from configuration, at the top of every incident room. */
export function ContactSummary({ organisation, room, title }: { organisation: Organisation; room: string; title?: string }) {
  const { t } = useTranslation();
  const { contact } = organisation;
  return (
    <section className="contact" aria-labelledby="contact-heading">
      <h2 id="contact-heading" className="visually-hidden">
        {t('room.contact')}
      </h2>
      <dl>
        <div>
          <dt>{t('room.chat_room')}</dt>
          <dd data-testid="room-name">{roomDisplayName(room, title)}</dd>
        </div>
        <div>
          <dt>{t('room.call')}</dt>
          <dd>
            <a href={contact.callUrl} rel="noopener noreferrer" target="_blank">
              {contact.callUrl}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t('room.bridge')}</dt>
          <dd>
            <a href={`tel:${contact.phoneBridge.dial.replace(/\s/g, '')},,${contact.phoneBridge.pin}#`}>{contact.phoneBridge.display}</a> ({contact.phoneBridge.dial}) · {t('room.pin')}{' '}
            <span className="pin">{contact.phoneBridge.pin}</span>
          </dd>
        </div>
        <div>
          <dt>{t('room.need_ic')}</dt>
          <dd>
            <code>{t('room.need_ic_command')}</code>
          </dd>
        </div>
        <div>
          <dt>{t('room.executive')}</dt>
          <dd>#{contact.executiveRoom}</dd>
        </div>
      </dl>
    </section>
  );
}
