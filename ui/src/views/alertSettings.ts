// Alert settings, in the Alerts dialog: the topic's rules, its morning-brief schedule, and the
// delivery channels. A channel's preview (exactly what it sends, from the engine) is shown
// beside its form, so the user reads it before switching the channel on.

import type {
  AlertSettings,
  Channel,
  DeliveryChange,
  DeliveryView,
  ErrorPayload,
  Grade,
  Rules,
  RulesChange,
  ScheduleChange,
  ScheduleView,
  Security,
} from '../backend/bindings';
import { byId, setText } from '../dom';
import { sentence } from '../format';

const SECONDS_PER_HOUR = 3600;
const MAX_COOLDOWN_HOURS = 168;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const GRADES: readonly Grade[] = ['possible_problem', 'problem', 'critical'];
const CHANNELS: readonly Channel[] = ['teams', 'slack', 'webhook', 'email'];
const SECURITIES: readonly Security[] = ['starttls', 'tls', 'plain'];

type Form = HTMLFormElement;

function field(form: Form, name: string): HTMLInputElement {
  const el = form.elements.namedItem(name);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
    throw new Error(`form field ${name} is missing`);
  }
  return el as HTMLInputElement;
}

const value = (form: Form, name: string) => field(form, name).value.trim();
const checked = (form: Form, name: string) => field(form, name).checked;

/** "HH:MM" from minutes after midnight. */
export function minutesToTime(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The rules the form describes, or the reason they are not complete. */
export function rulesChange(form: Form): RulesChange | string {
  const grade = value(form, 'min_grade') as Grade;
  if (!GRADES.includes(grade)) return 'Choose the lowest grade that alerts.';
  const [from, to] = [value(form, 'quiet_from'), value(form, 'quiet_to')];
  if (Boolean(from) !== Boolean(to)) return 'Quiet hours need both a start and an end, or neither.';
  const hours = Number(value(form, 'cooldown_hours'));
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_COOLDOWN_HOURS) {
    return 'The cooldown is between 0 and 168 hours.';
  }
  const points = Number(value(form, 'negative_points'));
  if (!Number.isFinite(points) || points < 1 || points > 100) {
    return 'The tone alert needs a rise of 1 to 100 percentage points.';
  }
  return {
    enabled: checked(form, 'enabled'),
    min_grade: grade,
    quiet_hours: from && to ? `${from}-${to}` : '',
    cooldown_secs: Math.round(hours * SECONDS_PER_HOUR),
    negative_jump_points: points,
    negative_min_posts: null,
  };
}

export function fillRules(form: Form, rules: Rules): void {
  field(form, 'enabled').checked = rules.enabled;
  field(form, 'min_grade').value = rules.min_grade;
  field(form, 'quiet_from').value = rules.quiet_hours ? minutesToTime(rules.quiet_hours.from_minute) : '';
  field(form, 'quiet_to').value = rules.quiet_hours ? minutesToTime(rules.quiet_hours.to_minute) : '';
  field(form, 'cooldown_hours').value = String(rules.cooldown_secs / SECONDS_PER_HOUR);
  field(form, 'negative_points').value = String(rules.negative_jump_points);
}

/** The schedule the form describes, or the reason it is not complete. */
export function scheduleChange(form: Form): ScheduleChange | string {
  const days = DAYS.filter((d) => checked(form, `day_${d}`));
  if (!days.length) return 'Tick at least one day for the morning brief.';
  const at = value(form, 'at');
  if (!/^\d{2}:\d{2}$/.test(at)) return 'Choose the time the brief is written.';
  const folder = value(form, 'folder');
  if (!folder) return 'Choose the folder the briefs are written to.';
  return { enabled: checked(form, 'enabled'), days: [...days], at, folder };
}

export function fillSchedule(form: Form, view: ScheduleView | null): void {
  const s = view?.schedule;
  field(form, 'enabled').checked = s?.enabled ?? true;
  for (const d of DAYS) field(form, `day_${d}`).checked = s ? s.days.includes(d) : DAYS.indexOf(d) < 5;
  field(form, 'at').value = s?.at ?? '07:00';
  field(form, 'folder').value = s?.folder ?? '';
}

/** What the schedule's note says: when it last ran, or why it failed. */
export function scheduleNote(view: ScheduleView | null, formatTime: (unix: number) => string): string {
  const s = view?.schedule;
  if (!s) return 'No morning brief is scheduled for this topic.';
  if (s.last_error) return `The last brief failed: ${sentence(s.last_error)}`;
  if (s.last_run !== null) return `Last written ${formatTime(s.last_run)}.`;
  return 'Scheduled; not written yet.';
}

/** The channel change the form describes, or the reason it is not complete. */
export function deliveryChange(form: Form): DeliveryChange | string {
  const channel = value(form, 'channel') as Channel;
  if (!CHANNELS.includes(channel)) return 'Choose a channel.';
  const secret = field(form, 'secret').value;
  const change: DeliveryChange = { channel, enabled: checked(form, 'enabled'), secret: secret || null, email: null };
  if (channel !== 'email') return change;
  const security = value(form, 'security') as Security;
  const port = Number(value(form, 'port'));
  if (!value(form, 'server')) return 'E-mail needs the SMTP server.';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port is a number from 1 to 65535.';
  const to = value(form, 'to')
    .split(/[,;\s]+/)
    .filter(Boolean);
  if (!to.length) return 'E-mail needs at least one recipient.';
  if (!value(form, 'from')) return 'E-mail needs the sender’s address.';
  change.email = {
    server: value(form, 'server'),
    port,
    security: SECURITIES.includes(security) ? security : 'starttls',
    username: value(form, 'username') || null,
    from: value(form, 'from'),
    to,
  };
  return change;
}

/** Fills the form with a channel's saved settings (never its secret) and says its state. */
export function fillDelivery(form: Form, view: DeliveryView): string {
  const d = view.delivery;
  field(form, 'channel').value = d.channel;
  field(form, 'enabled').checked = d.enabled;
  field(form, 'secret').value = '';
  field(form, 'secret').placeholder = view.has_secret
    ? 'Saved (leave empty to keep it)'
    : d.channel === 'email'
      ? 'SMTP password (if it logs in)'
      : 'The webhook’s address';
  const email = d.email;
  field(form, 'server').value = email?.server ?? '';
  field(form, 'port').value = String(email?.port ?? 587);
  field(form, 'security').value = email?.security ?? 'starttls';
  field(form, 'username').value = email?.username ?? '';
  field(form, 'from').value = email?.from ?? '';
  field(form, 'to').value = email?.to.join(', ') ?? '';
  byId('delivery-email').hidden = d.channel !== 'email';
  const secret = view.has_secret ? `; its secret is kept in ${view.kept_in}` : '';
  return `${view.label} is ${d.enabled ? 'on' : 'off'}${secret}.`;
}

export interface AlertSettingsBackend {
  load: (topic: string) => Promise<AlertSettings>;
  setRules: (topic: string, change: RulesChange) => Promise<Rules>;
  setSchedule: (topic: string, change: ScheduleChange) => Promise<ScheduleView>;
  removeSchedule: (topic: string) => Promise<void>;
  setDelivery: (change: DeliveryChange) => Promise<DeliveryView>;
  preview: (change: DeliveryChange, topic: string) => Promise<string>;
  test: (channel: Channel, topic: string) => Promise<void>;
  pickFolder: () => Promise<string | null>;
  confirm: (message: string) => Promise<boolean>;
  formatTime: (unix: number) => string;
}

const PREVIEW_DELAY_MS = 250;

/** Loads the topic's settings into the three forms and wires them. */
export async function showAlertSettings(topic: string, backend: AlertSettingsBackend): Promise<void> {
  const rules = byId<HTMLFormElement>('rules-form');
  const schedule = byId<HTMLFormElement>('schedule-form');
  const delivery = byId<HTMLFormElement>('delivery-form');
  const note = (id: string, text: string) => {
    const el = byId(id);
    setText(el, text);
    el.hidden = !text;
  };
  const failure = (id: string) => (e: unknown) => note(id, sentence((e as ErrorPayload).message ?? String(e)));
  setText(byId('alert-settings-topic'), topic);

  let settings: AlertSettings;
  try {
    settings = await backend.load(topic);
  } catch (e) {
    failure('rules-error')(e);
    return;
  }
  fillRules(rules, settings.rules);
  fillSchedule(schedule, settings.schedule);
  note('schedule-note', scheduleNote(settings.schedule, backend.formatTime));
  const views = new Map(settings.deliveries.map((v) => [v.delivery.channel, v]));
  const showChannel = (channel: Channel) => {
    const view = views.get(channel);
    if (view) note('delivery-state', fillDelivery(delivery, view));
    refreshPreview();
  };

  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewSeq = 0;
  const refreshPreview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const change = deliveryChange(delivery);
      const pre = byId('delivery-preview');
      if (typeof change === 'string') {
        setText(pre, change);
        return;
      }
      const seq = ++previewSeq;
      backend.preview(change, topic).then(
        (text) => seq === previewSeq && setText(pre, text),
        (e) => seq === previewSeq && setText(pre, sentence((e as ErrorPayload).message ?? String(e))),
      );
    }, PREVIEW_DELAY_MS);
  };

  rules.onsubmit = (e) => {
    e.preventDefault();
    const change = rulesChange(rules);
    if (typeof change === 'string') return note('rules-error', change);
    note('rules-error', '');
    backend.setRules(topic, change).then((saved) => {
      fillRules(rules, saved);
      note('rules-saved', 'Saved.');
    }, failure('rules-error'));
  };
  byId('schedule-folder-button').onclick = () =>
    void backend.pickFolder().then((folder) => {
      if (folder) field(schedule, 'folder').value = folder;
    });
  schedule.onsubmit = (e) => {
    e.preventDefault();
    const change = scheduleChange(schedule);
    if (typeof change === 'string') return note('schedule-error', change);
    note('schedule-error', '');
    backend.setSchedule(topic, change).then((saved) => {
      fillSchedule(schedule, saved);
      note('schedule-note', scheduleNote(saved, backend.formatTime));
    }, failure('schedule-error'));
  };
  byId('schedule-remove').onclick = () =>
    void backend
      .confirm(`Stop writing the morning brief of ${topic}? The briefs already written stay.`)
      .then(async (yes) => {
        if (!yes) return;
        await backend.removeSchedule(topic);
        fillSchedule(schedule, null);
        note('schedule-note', scheduleNote(null, backend.formatTime));
      })
      .catch(failure('schedule-error'));

  field(delivery, 'channel').onchange = () => showChannel(value(delivery, 'channel') as Channel);
  delivery.oninput = (e) => {
    if ((e.target as HTMLElement).getAttribute('name') !== 'channel') refreshPreview();
  };
  delivery.onsubmit = (e) => {
    e.preventDefault();
    const change = deliveryChange(delivery);
    if (typeof change === 'string') return note('delivery-error', change);
    note('delivery-error', '');
    backend.setDelivery(change).then((saved) => {
      views.set(saved.delivery.channel, saved);
      note('delivery-state', fillDelivery(delivery, saved));
    }, failure('delivery-error'));
  };
  byId('delivery-test').onclick = () => {
    const channel = value(delivery, 'channel') as Channel;
    note('delivery-error', '');
    note('delivery-state', 'Sending a test…');
    backend
      .test(channel, topic)
      .then(
        () => note('delivery-state', `Sent a test through ${views.get(channel)?.label ?? channel}.`),
        failure('delivery-error'),
      );
  };
  showChannel(settings.deliveries.find((v) => v.delivery.enabled)?.delivery.channel ?? 'teams');
}
