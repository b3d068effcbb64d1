/** Pages here show personal data: never kept by caches or the browser. */
import { noStore } from "../../utils/http/no_store.ts";

export const handler = [noStore()];
