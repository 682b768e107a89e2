import { Injectable } from '@nestjs/common';
import type { Actor } from '../engine/actor.js';
import { isAdministrator } from '../engine/actor.js';
import type { Translator } from './i18n/i18n.js';

const OFFICER_ROLES = ['program_officer', 'agency_officer', 'program_director'];
const holdsRole = (actor: Actor, roles: string[]): boolean => actor.grants.some((g) => roles.includes(g.role));

export interface NavItem {
  id: string;
  href: string;
  label: (t: Translator) => string;
  /** Lower first. */
  order: number;
  visible: (actor: Actor) => boolean;
}

/**
 * The console's navigation, per role. Modules add their pages here at start
 * (`nav.register({ id: 'assignments', href: '/console/assignments', ... visible: isReviewer })`).
 */
@Injectable()
export class ConsoleNav {
  private readonly items = new Map<string, NavItem>();

  constructor() {
    this.register({
      id: 'home',
      href: '/console/home',
      label: (t) => t.t('nav.home'),
      order: 5,
      // Administrators start from the dashboard; one who also holds another role has work here too.
      visible: (a) => !isAdministrator(a) || a.grants.some((g) => g.role !== 'administrator'),
    });
    this.register({
      id: 'dashboard',
      href: '/console/dashboard',
      label: (t) => t.t('nav.dashboard'),
      order: 10,
      visible: isAdministrator,
    });
    this.register({
      id: 'calls',
      href: '/console/calls',
      label: (t) => t.t('nav.calls'),
      order: 20,
      visible: () => true,
    });
    this.register({
      id: 'reviews',
      href: '/console/reviews',
      label: (t) => t.t('nav.myReviews'),
      order: 30,
      visible: (a) => holdsRole(a, ['reviewer']),
    });
    this.register({
      id: 'review-management',
      href: '/console/review',
      label: (t) => t.t('nav.reviewManagement'),
      order: 40,
      visible: (a) => holdsRole(a, OFFICER_ROLES),
    });
    this.register({
      id: 'users',
      href: '/console/admin/users',
      label: (t) => t.t('nav.users'),
      order: 90,
      visible: isAdministrator,
    });
  }

  register(item: NavItem): void {
    this.items.set(item.id, item);
  }

  for(actor: Actor): NavItem[] {
    return [...this.items.values()].filter((i) => i.visible(actor)).sort((a, b) => a.order - b.order);
  }
}
