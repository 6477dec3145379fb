export { type BinaryOp, type Expr, references } from './ast.ts';
export { evaluate, type Scope } from './evaluate.ts';
export { type Clock, compileRegex, FUNCTIONS, MAX_REGEX_LENGTH } from './functions.ts';
export { MAX_EXPRESSION_DEPTH, MAX_TREE_DEPTH, parseExpression } from './parse.ts';
export { MAX_EXPRESSION_LENGTH } from './tokenize.ts';
export { compare, equals, toBoolean, toNumber, toText, type Value } from './values.ts';
