/** The API's version, shown in `/openapi.json` and `GET /`. Bump with the root CHANGELOG. */
export const API_VERSION = '0.1.0';
