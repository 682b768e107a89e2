import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Use cases (docs/architecture.md, "Use cases"), checked over the source tree itself:
 *
 * (a) `src/modules/<domain>/use-cases/<verb>.use-case.ts` exports one `@Injectable` class named
 *     after the verb (`create-call` -> `CreateCall`) whose one public method is `execute`.
 * (b) A domain's controllers (API and console, `src/modules/**\/*.controller.ts`) never start an
 *     instance or send an event through the engine themselves (`engine.create`, `engine.send`,
 *     `engine.sendWithin`, `engine.transaction`): a verb with a name is a use case, the others go
 *     through WorkflowForms or the resource's `POST :id/events` route.
 * (c) Where a service keeps a method that only runs a use case (`this.createCall.execute(...)`,
 *     for the demo data and the test factories), no controller calls that method: controllers call
 *     the use case.
 */
const ROOT = process.cwd();
const MODULES = join(ROOT, 'src', 'modules');
const posix = (path: string) => relative(ROOT, path).split(sep).join('/');

function files(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') out.push(...files(path, suffix));
    } else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

const parse = (path: string) => ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

const classesOf = (file: ts.SourceFile) => file.statements.filter(ts.isClassDeclaration);

function each(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => each(child, visit));
}

/** `this.<field>.<method>(` calls in a node, as `field.method`. */
function thisCalls(node: ts.Node): string[] {
  const out: string[] = [];
  each(node, (n) => {
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return;
    const target = n.expression.expression;
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword)
      out.push(`${target.name.text}.${n.expression.name.text}`);
  });
  return out;
}

/** The constructor's parameter properties of a class: field name -> type name. */
function injected(cls: ts.ClassDeclaration): Map<string, string> {
  const out = new Map<string, string>();
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const p of ctor?.parameters ?? []) {
    if (ts.isIdentifier(p.name) && p.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName))
      out.set(p.name.text, p.type.typeName.text);
  }
  return out;
}

const domains = readdirSync(MODULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const useCaseFiles = domains.flatMap((d) => {
  const dir = join(MODULES, d, 'use-cases');
  return existsSync(dir) ? files(dir, '.use-case.ts') : [];
});
const controllers = files(MODULES, '.controller.ts');
const useCaseClasses = new Set(useCaseFiles.flatMap((f) => classesOf(parse(f)).map((c) => c.name?.text)));

describe('use cases', () => {
  it('exist (the verbs API and console share)', () => {
    expect(useCaseFiles.length).toBeGreaterThan(0);
  });

  it.each(useCaseFiles.map((f) => [posix(f), f]))(
    '%s exports one injectable class named after its verb, with execute() its one public method',
    (_, path) => {
      const file = parse(path);
      const verb = basename(path, '.use-case.ts')
        .split('-')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join('');
      const exported = classesOf(file).filter((c) => hasModifier(c, ts.SyntaxKind.ExportKeyword));
      expect(exported.map((c) => c.name?.text)).toEqual([verb]);
      const [cls] = exported;
      const decorators = (ts.getDecorators(cls) ?? []).map((d) => d.expression.getText(file));
      expect(decorators).toContain('Injectable()');
      const publicMethods = cls.members
        .filter(ts.isMethodDeclaration)
        .filter((m) => !hasModifier(m, ts.SyntaxKind.PrivateKeyword) && !hasModifier(m, ts.SyntaxKind.ProtectedKeyword))
        .map((m) => m.name.getText(file));
      expect(publicMethods).toEqual(['execute']);
    },
  );

  it("keeps the engine's create and send out of the domains' controllers", () => {
    const offences = controllers.flatMap((path) =>
      thisCalls(parse(path))
        .filter((c) => /^engine\.(create|send|sendWithin|sendIn|transaction)$/.test(c))
        .map((c) => `${posix(path)}: this.${c}(...)`),
    );
    expect(offences).toEqual([]);
  });

  it('has controllers call a use case, not the service method kept to run it for others', () => {
    // Service methods whose body runs a use case: `ServiceClass.method`.
    const delegates = new Set<string>();
    for (const path of files(MODULES, '.service.ts')) {
      for (const cls of classesOf(parse(path))) {
        const useCases = [...injected(cls)].filter(([, type]) => useCaseClasses.has(type));
        for (const m of cls.members.filter(ts.isMethodDeclaration)) {
          const calls = thisCalls(m);
          if (useCases.some(([field]) => calls.includes(`${field}.execute`)))
            delegates.add(`${cls.name?.text}.${m.name.getText()}`);
        }
      }
    }
    const offences = controllers.flatMap((path) =>
      classesOf(parse(path)).flatMap((cls) => {
        const fields = injected(cls);
        return thisCalls(cls)
          .filter((c) => delegates.has(`${fields.get(c.split('.')[0])}.${c.split('.')[1]}`))
          .map((c) => `${posix(path)}: this.${c}(...) runs a use case: inject it instead`);
      }),
    );
    expect(delegates.size).toBeGreaterThan(0);
    expect(offences).toEqual([]);
  });
});
