import { Body, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { type BodyError, BodyErrorAfterLookup, RefusedBody } from '../common/deferred-body-error.js';
import { type QueryAfterLookup, QueryAfterLookupOf } from '../common/query-after-lookup.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import type { Actor } from './actor.js';
import { CurrentActor } from './current-actor.js';
import type { InstanceView, WorkflowEngine } from './workflow-engine.service.js';
import { parseIfMatch, setEtag } from './workflow-http.js';
import { HistoryQuery } from './workflow-resource.js';

/**
 * The routes every workflow-backed resource shares: send an event, read the history. Subclasses
 * name their subject type and how to represent the resource after a transition.
 */
export abstract class WorkflowResourceController {
  protected abstract readonly subjectType: string;
  protected abstract readonly engine: WorkflowEngine;
  protected abstract represent(id: string, instance: InstanceView, actor: Actor): Promise<{ version: number }>;

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a workflow event; answers the resource in its new state with the transition' })
  // The body's schema (each event of the resource, a oneOf on type) is added by completeDocument.
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag you read; 412 if the resource has changed since',
  })
  @BodyErrorAfterLookup()
  async sendEvent(
    @Param('id', UuidParam) id: string,
    @Body() body: unknown,
    @RefusedBody() refused: BodyError | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (refused) {
      // 404 for an instance the actor may not see, whatever it sent; then the body's 400/413/415.
      await this.engine.read(this.subjectType, id, actor);
      throw refused;
    }
    const expectedVersion = parseIfMatch(ifMatch);
    const result = await this.engine.send({
      subjectType: this.subjectType,
      instanceId: id,
      body,
      actor,
      expectedVersion,
    });
    const resource = await this.represent(id, result.instance, actor);
    setEtag(res, result.instance.version);
    return { ...resource, transition: result.transition };
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every transition: who, when, event, from, to; ?verify=true checks the hash chain' })
  // The instance decides first (404 for one the caller may not see), then the query (400).
  history(
    @Param('id', UuidParam) id: string,
    @QueryAfterLookupOf(HistoryQuery) query: QueryAfterLookup<HistoryQuery>,
    @CurrentActor() actor: Actor,
  ) {
    return this.engine.history(this.subjectType, id, actor, query);
  }
}
