/**
 * The server's parser: PostgreSQL's own grammar (libpg-query) behind a small API.
 *
 *   await loadParser()                       once, before anything else (the server does it
 *                                            at start; features may await it again, it is cheap)
 *   ctx.parsedDocuments.get(textDocument)    ParsedDocument for an open document (cached per
 *                                            version; a keystroke re-parses only the edited
 *                                            statement; one ParsedDocumentCache per server
 *                                            connection, in ServerContext). delete(uri) on close.
 *   ctx.parsedDocuments.getAsync(doc, stale) the same in ~20 ms slices (huge documents), null
 *                                            when stale() turns true meanwhile
 *   ParsedDocumentCache.parseText(text)      the same for a text that is not an open document
 *   doc.statements[i] / doc.statementAt(off) ParsedStatement: span {start, end, text, terminated}
 *                                            in document UTF-16 offsets; stmts (libpg-query
 *                                            RawStmt[] or null when it does not parse); outcome
 *                                            (the syntax error: PostgreSQL's message + offset);
 *                                            tokens() (scanner tokens, statement-relative UTF-16,
 *                                            always available, also for unterminated quotes);
 *                                            lastGood (the last statement at this index that
 *                                            parsed, for completion while typing);
 *                                            docOffsetOfLocation(node.location) (bytes → document)
 *   splitStatements(text)                    psql's statement splitting, UTF-16 offsets; each span
 *                                            also lists its psql :variables (same-length
 *                                            placeholders in `text`) and how many \connect
 *                                            lines precede it
 *   parsePlpgsql(text)                       PL/pgSQL functions of a CREATE FUNCTION / DO statement
 *                                            (libpg-query's JSON) or the grammar's message
 *   TextOffsets                              byte / code point → UTF-16 conversion for one text
 *   quoteIdentifier / isSafeIdentifier / foldIdentifier   PostgreSQL's identifier rules
 *   new NestedTokens(tokens)                 tokens without comments, with each token's
 *                                            parenthesis depth, opener and closer, and the
 *                                            word / token-at-offset questions completion,
 *                                            hover and the docs lookup ask of them
 *   keywordKind(word)                        0 none, 1 unreserved, 2 col-name, 3 type/func, 4 reserved
 *
 * Offsets handed out are always JavaScript (UTF-16) offsets; parse-tree `location`s inside
 * RawStmt stay as libpg-query gives them (UTF-8 bytes of the statement text): convert them
 * with ParsedStatement.docOffsetOfLocation.
 */
export { loadParser, isParserReady, parseSql, parsePlpgsql, scanSql, keywordKind } from './pgQuery';
export type { ParseOutcome, SyntaxProblem, Token } from './pgQuery';
export { splitStatements } from '../../../shared/src/statementSplitter';
export type { StatementSpan } from '../../../shared/src/statementSplitter';
export { TextOffsets } from './textOffsets';
export { ParsedDocument, ParsedStatement, ParsedDocumentCache } from './parsedDocument';
export type { DocumentLike } from './parsedDocument';
export { quoteIdentifier, isSafeIdentifier, foldIdentifier } from './identifiers';
export { NestedTokens } from './nestedTokens';
