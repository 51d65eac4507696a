import { Type } from 'typebox';

/** `GET /v1/jobs/{jobId}`: an import's progress and outcome. */
export const JobView = Type.Object({
  id: Type.String(),
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('active'),
    Type.Literal('completed'),
    Type.Literal('failed'),
  ]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  result: Type.Optional(
    Type.Object({
      rows: Type.Integer(),
      applied: Type.Integer(),
      failed: Type.Integer(),
      message: Type.Optional(Type.String()),
    }),
  ),
  errors: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), message: Type.String() }))),
});
