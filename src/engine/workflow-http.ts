import type { Response } from 'express';
import { DomainException } from '../common/domain.exception.js';
import type { InstanceView } from './workflow-engine.service.js';

/** `"3"`, `W/"3"` or `3` to 3; absent to undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match)
    throw DomainException.invalid([{ field: 'If-Match', message: 'must be the ETag of the resource, such as "3"' }]);
  return Number(match[1]);
}

export const setEtag = (res: Response, version: number): void => {
  res.setHeader('ETag', `"${version}"`);
};

/** The workflow part of a resource representation. */
export function workflowFields(instance: InstanceView) {
  const { access: _access, ...progress } = instance.context;
  return {
    workflow: instance.workflow,
    state: instance.state,
    version: instance.version,
    allowedEvents: instance.allowedEvents,
    progress,
  };
}
