/** What a message says about its call or proposal, loaded when it is rendered (never carried in a job). */
export interface SubjectFacts {
  kind: string;
  id: string;
  state: string;
  title: string;
  callTitle: string;
  link: string;
}
