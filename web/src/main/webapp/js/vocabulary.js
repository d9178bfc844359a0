/*
 * The server's vocabulary (GET /api/v1/vocabulary): roles, channels, issues, purposes, outcomes, the kinds of an
 * attribute, the file types of a rule set and the fields of a profile, as the server defines them. Read once after
 * sign-in, so that the console keeps no copy of its own; how the console names and shows them stays here.
 */

/** The answer of GET /vocabulary; empty lists until the user has signed in. */
export const vocabulary = {
  roles: [],
  channels: [],
  issues: [],
  purposes: [],
  outcomes: [], // { code, positive }
  attributeKinds: [],
  ruleFileTypes: [],
  strategyFiles: [],
  profileFields: [],
};

export function setVocabulary(data) {
  for (const key of Object.keys(vocabulary)) vocabulary[key] = Array.isArray(data && data[key]) ? data[key] : [];
}

/** How the console writes each channel; a channel it does not know is written as its code. */
export const CHANNEL_LABELS = { web: 'Web', app: 'App', email: 'E-mail', sms: 'SMS', 'call-centre': 'Call centre' };
