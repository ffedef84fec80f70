/**
 * PL/pgSQL's namespace (pl_funcs.c plpgsql_ns_lookup) and how an embedded statement's column
 * reference resolves against it (pl_comp.c resolve_column_ref): `v`, `label.v`, `rec.field`,
 * `label.rec.field`, `rec.*`. With the default plpgsql.variable_conflict = error, a name that is
 * both a column and a variable is 42702.
 */
import type { BindContext, BlockVariables } from '../binder/bindContext';
import { ambiguousVariable } from '../checks/ambiguousColumn';
import { recordHasNoField } from '../checks/undefinedColumn';

export interface Variable {
  /** a record (declared `record`, `t%ROWTYPE`, NEW/OLD, a cursor loop's row) or anything else */
  kind: 'record' | 'other';
  /** a record's fields when known (its table's columns, its loop query's output) */
  fields: readonly string[] | null;
  /** declared `record`: it takes the row type of whatever is assigned to it */
  untyped?: boolean;
}

export class PlScope {
  readonly names = new Map<string, Variable>();

  constructor(
    readonly parent: PlScope | null,
    readonly label: string | null,
  ) {}

  child(label: string | null = null): PlScope {
    return new PlScope(this, label);
  }

  lookup(name: string): Variable | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** `label.name`: the variable of the innermost enclosing scope so labelled. */
  lookupLabelled(label: string, name: string): Variable | undefined | null {
    if (this.label === label) {
      return this.names.get(name);
    }
    return this.parent ? this.parent.lookupLabelled(label, name) : null;
  }
}

export interface FieldMiss {
  record: string;
  field: string;
  location: number | undefined;
}

/** The variables one embedded statement sees (BindContext.variables). */
export class ScopeVariables implements BlockVariables {
  readonly misses: FieldMiss[] = [];

  constructor(
    private readonly scope: PlScope,
    /** names some block declares where the blocks could not be told apart: never an error, never a conflict */
    private readonly maybe: ReadonlySet<string>,
    private readonly when: string,
    /** plpgsql.variable_conflict = error (not `#variable_conflict use_variable / use_column`) */
    private readonly conflictsAreErrors: boolean,
  ) {}

  resolve(names: readonly string[], location: number | undefined): 'variable' | 'maybe' | null {
    const [a, b] = names;
    if (a === undefined) {
      return null;
    }
    if (b !== undefined) {
      const labelled = this.scope.lookupLabelled(a, b);
      if (labelled) {
        return 'variable';
      }
    }
    const v = this.scope.lookup(a);
    if (v) {
      if (b === undefined) {
        return 'variable';
      }
      if (v.kind !== 'record') {
        // a scalar has no fields; a variable of a composite type declared by name may
        return 'maybe';
      }
      if (names.length === 2 && v.fields && !v.fields.includes(b) && location !== undefined) {
        this.misses.push({ record: a, field: b, location });
      }
      return 'variable';
    }
    return this.maybe.has(a) ? 'maybe' : null;
  }

  conflict(ctx: BindContext, names: readonly string[], location: number | undefined): void {
    if (this.conflictsAreErrors) {
      ambiguousVariable(ctx, names, location, this.when);
    }
  }

  /** Reports the record fields read that the record does not have (after binding). */
  reportMisses(ctx: BindContext): void {
    for (const m of this.misses) {
      recordHasNoField(ctx, m.record, m.field, m.location, this.when);
    }
  }
}
