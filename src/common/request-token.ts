import { createHash } from 'node:crypto';
import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';

const PUBLIC = 'tandem:public';
/** Marks a route that needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);

export const isPublic = (reflector: Reflector, ctx: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()]) === true;

/** The token of `Authorization: Bearer <token>`, if the request has one. */
export const bearerToken = (req: Request): string | undefined =>
  req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];

/** The SHA-256 of a token, as stored (API tokens, sessions): the raw token is never kept. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
