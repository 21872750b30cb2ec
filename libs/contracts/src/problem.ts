/** RFC 9457 problem details as every service answers an error. */
export interface ProblemV1 {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  errorId?: string;
}
