import { beforeEach, describe, expect, it, vi } from 'vitest';
import html from '../../index.html?raw';
import type { AlertSettings, DeliveryChange, DeliveryView, Rules } from '../backend/bindings';
import { byId } from '../dom';
import {
  type AlertSettingsBackend,
  deliveryChange,
  fillRules,
  minutesToTime,
  rulesChange,
  scheduleChange,
  showAlertSettings,
} from './alertSettings';

const rules: Rules = {
  enabled: true,
  min_grade: 'problem',
  quiet_hours: { from_minute: 22 * 60, to_minute: 7 * 60 + 30 },
  cooldown_secs: 6 * 3600,
  negative_jump_points: 20,
  negative_min_posts: 20,
};

function channel(c: DeliveryView['delivery']['channel'], enabled: boolean, has_secret: boolean): DeliveryView {
  return {
    delivery: { channel: c, enabled, secret_key: `delivery.${c}`, email: null },
    label: c === 'teams' ? 'Microsoft Teams' : c,
    has_secret,
    kept_in: 'the system keychain',
  };
}

const settings: AlertSettings = {
  topic: 'SchoolMax',
  rules,
  schedule: null,
  deliveries: [
    channel('teams', false, false),
    channel('slack', false, false),
    channel('webhook', false, false),
    channel('email', false, false),
  ],
};

const form = (id: string) => byId<HTMLFormElement>(id);
const input = (f: HTMLFormElement, name: string) => f.elements.namedItem(name) as HTMLInputElement;

function backend(): AlertSettingsBackend & { previews: DeliveryChange[] } {
  const previews: DeliveryChange[] = [];
  return {
    previews,
    load: vi.fn(async () => settings),
    setRules: vi.fn(async (_t, change) => ({ ...rules, min_grade: change.min_grade ?? rules.min_grade })),
    setSchedule: vi.fn(async (topic, change) => ({
      topic,
      schedule: { topic_id: 1, created_at: 0, last_run: null, last_error: null, ...change },
    })),
    removeSchedule: vi.fn(async () => undefined),
    setDelivery: vi.fn(async (change) => ({ ...channel(change.channel, change.enabled ?? false, true) })),
    preview: vi.fn(async (change) => {
      previews.push(change);
      return `POST to the ${change.channel} address kept as secret "delivery.${change.channel}" <b>x</b>`;
    }),
    test: vi.fn(async () => undefined),
    pickFolder: vi.fn(async () => '/home/cio/Briefs'),
    confirm: vi.fn(async () => true),
    formatTime: (unix) => String(unix),
  };
}

beforeEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = html.slice(html.indexOf('<body>') + 6, html.indexOf('</body>'));
});

describe('the rules form', () => {
  it('shows the saved rules and reads them back as a change', () => {
    fillRules(form('rules-form'), rules);
    expect(input(form('rules-form'), 'quiet_to').value).toBe('07:30');
    expect(rulesChange(form('rules-form'))).toEqual({
      enabled: true,
      min_grade: 'problem',
      quiet_hours: '22:00-07:30',
      cooldown_secs: 21600,
      negative_jump_points: 20,
      negative_min_posts: null,
    });
  });

  it('refuses half-set quiet hours and an out-of-range cooldown', () => {
    fillRules(form('rules-form'), rules);
    input(form('rules-form'), 'quiet_to').value = '';
    expect(rulesChange(form('rules-form'))).toMatch(/both a start and an end/);
    input(form('rules-form'), 'quiet_from').value = '';
    expect(rulesChange(form('rules-form'))).toMatchObject({ quiet_hours: '' });
    input(form('rules-form'), 'cooldown_hours').value = '500';
    expect(rulesChange(form('rules-form'))).toMatch(/between 0 and 168 hours/);
  });

  it('formats minutes as a time of day', () => {
    expect(minutesToTime(0)).toBe('00:00');
    expect(minutesToTime(7 * 60 + 5)).toBe('07:05');
  });
});

describe('the schedule and delivery forms', () => {
  it('needs a day and a folder', () => {
    const f = form('schedule-form');
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) input(f, `day_${d}`).checked = false;
    input(f, 'at').value = '07:00';
    expect(scheduleChange(f)).toMatch(/at least one day/);
    input(f, 'day_wed').checked = true;
    expect(scheduleChange(f)).toMatch(/folder/);
    input(f, 'folder').value = '/home/cio/Briefs';
    input(f, 'enabled').checked = true;
    expect(scheduleChange(f)).toEqual({ enabled: true, days: ['wed'], at: '07:00', folder: '/home/cio/Briefs' });
  });

  it('reads e-mail settings only for e-mail, with the recipients split', () => {
    const f = form('delivery-form');
    input(f, 'channel').value = 'email';
    input(f, 'server').value = 'smtp.riverside.example';
    input(f, 'port').value = '587';
    input(f, 'to').value = 'cio@riverside.example; ops@riverside.example';
    expect(deliveryChange(f)).toMatch(/sender/);
    input(f, 'from').value = 'townhall@riverside.example';
    expect(deliveryChange(f)).toMatchObject({
      channel: 'email',
      secret: null,
      email: { server: 'smtp.riverside.example', port: 587, to: ['cio@riverside.example', 'ops@riverside.example'] },
    });
    input(f, 'channel').value = 'slack';
    expect(deliveryChange(f)).toMatchObject({ channel: 'slack', email: null });
  });
});

describe('showAlertSettings', () => {
  it('shows what a channel sends, as text, before it is switched on, then saves it', async () => {
    vi.useFakeTimers();
    const b = backend();
    await showAlertSettings('SchoolMax', b);
    expect(byId('alert-settings-topic').textContent).toBe('SchoolMax');
    await vi.advanceTimersByTimeAsync(300);
    const preview = byId('delivery-preview');
    expect(preview.textContent).toContain('POST to the teams address');
    expect(preview.querySelector('b')).toBeNull();
    expect(b.previews[b.previews.length - 1]).toMatchObject({ channel: 'teams', enabled: false });

    const f = form('delivery-form');
    input(f, 'secret').value = 'https://example.webhook.office.com/x';
    input(f, 'enabled').checked = true;
    f.requestSubmit();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.setDelivery).toHaveBeenCalledWith({
      channel: 'teams',
      enabled: true,
      secret: 'https://example.webhook.office.com/x',
      email: null,
    });
    expect(byId('delivery-state').textContent).toBe(
      'Microsoft Teams is on; its secret is kept in the system keychain.',
    );
    expect(input(f, 'secret').value).toBe('');
  });

  it('shows the engine’s refusal at the form', async () => {
    const b = backend();
    b.setRules = vi.fn(async () =>
      Promise.reject({ code: 'invalid_input', message: 'the cooldown is between 0 and 7 days' }),
    );
    await showAlertSettings('SchoolMax', b);
    form('rules-form').requestSubmit();
    await vi.waitFor(() => expect(byId('rules-error').hidden).toBe(false));
    expect(byId('rules-error').textContent).toBe('The cooldown is between 0 and 7 days.');
  });

  it('chooses the folder with a dialog and confirms before removing the schedule', async () => {
    const b = backend();
    await showAlertSettings('SchoolMax', b);
    byId('schedule-folder-button').click();
    await vi.waitFor(() => expect(input(form('schedule-form'), 'folder').value).toBe('/home/cio/Briefs'));
    form('schedule-form').requestSubmit();
    await vi.waitFor(() => expect(b.setSchedule).toHaveBeenCalled());
    expect(byId('schedule-note').textContent).toBe('Scheduled; not written yet.');
    byId('schedule-remove').click();
    await vi.waitFor(() => expect(b.removeSchedule).toHaveBeenCalledWith('SchoolMax'));
    expect(b.confirm).toHaveBeenCalledWith(expect.stringContaining('The briefs already written stay'));
  });
});
