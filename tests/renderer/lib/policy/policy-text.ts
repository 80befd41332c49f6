// A small policy as the editor holds it (a limit with an invalid window: "minutes"), shared by
// the tests that find paths in the text and lint it.
export const POLICY_TEXT = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "odoo.read": {},
    "run": { "limits": [{ "counter": "c", "window": "minutes", "max": 5, "scope": "grant" }] }
  }
}
`;
