// Renaming, relinking and removing topics, incidents and imports from the window. A removal is
// confirmed first, in the engine's words (which say how many posts an import takes with it).

import * as backend from './backend';
import type { ErrorPayload, ImportRecord, IncidentMark } from './backend';
import { askText } from './views/askText';
import { errorToast, toast } from './views/status';

export interface Edited {
  /** The topic to show now: its new name, or null when it was removed. */
  topic?: string | null;
}

export class Editing {
  constructor(
    private readonly status: HTMLElement,
    private readonly changed: (edited: Edited) => void,
  ) {}

  private async run(work: () => Promise<Edited | undefined>, failure: string): Promise<void> {
    try {
      const edited = await work();
      if (edited) this.changed(edited);
    } catch (e) {
      errorToast(this.status, e as ErrorPayload, failure);
    }
  }

  renameTopic(name: string): Promise<void> {
    return this.run(async () => {
      const next = await askText({ title: 'Rename the topic', label: 'Name', value: name, action: 'Rename' });
      if (!next || next === name) return undefined;
      const topic = await backend.renameTopic(name, next);
      toast(this.status, `Renamed “${name}” to “${topic.name}”.`, 'success');
      return { topic: topic.name };
    }, 'The topic could not be renamed');
  }

  removeTopic(name: string): Promise<void> {
    return this.run(async () => {
      const question = await backend.topicRemovalQuestion(name);
      if (!(await backend.askConfirm(question, 'Remove the topic?'))) return undefined;
      await backend.removeTopic(name);
      toast(this.status, `Removed the topic “${name}”.`, 'success');
      return { topic: null };
    }, 'The topic could not be removed');
  }

  removeImport(record: ImportRecord): Promise<void> {
    return this.run(async () => {
      const question = await backend.importRemovalQuestion(record.id);
      if (!(await backend.askConfirm(question, 'Remove the import?'))) return undefined;
      const removed = await backend.removeImport(record.id);
      toast(this.status, removed.message, 'success');
      return {};
    }, 'The import could not be removed');
  }

  renameIncident(incident: IncidentMark): Promise<void> {
    return this.run(async () => {
      const title = await askText({
        title: 'Rename the incident',
        label: 'What happened',
        value: incident.title,
        action: 'Rename',
      });
      if (!title || title === incident.title) return undefined;
      await backend.renameIncident(incident.id, title);
      return {};
    }, 'The incident could not be renamed');
  }

  removeIncident(incident: IncidentMark): Promise<void> {
    return this.run(async () => {
      const what = incident.number ? `${incident.number} (${incident.title})` : `“${incident.title}”`;
      if (!(await backend.askConfirm(`Remove the incident ${what} from the timeline?`, 'Remove the incident?')))
        return undefined;
      await backend.removeIncident(incident.id);
      toast(this.status, 'Incident removed.', 'success');
      return {};
    }, 'The incident could not be removed');
  }

  /** Links the `count` incidents on no topic to `topic`, once the user agrees. */
  linkUnlinkedIncidents(topic: string, count: number): Promise<void> {
    return this.run(async () => {
      const what = count === 1 ? 'the incident' : `the ${count} incidents`;
      const question = `Link ${what} on no topic to “${topic}”? ${count === 1 ? 'It is' : 'They are'} then drawn on its chart, with lags counted against its complaints.`;
      if (!(await backend.askConfirm(question, 'Link incidents?', 'Link'))) return undefined;
      toast(this.status, await backend.linkUnlinkedIncidents(topic), 'success');
      return {};
    }, 'The incidents could not be linked');
  }
}
