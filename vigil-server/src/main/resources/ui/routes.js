// The table of pages: the path pattern (':name' is one segment, handed to the page as params.name),
// the module that draws it (pages/<name>.js, loaded when first shown), the roles that see it, and
// for the top navigation its label. A page a role may not use is absent from its navigation, and
// its URL shows "not for your role" without loading the page; the server's 403 is still the guard.

/** Everyone who may sign in to the dashboard (the service role is for programs). */
export const PEOPLE = ['admin', 'data_scientist', 'analyst'];
/** Who works with raw data and changes models: everything under /ml/datasets is theirs alone. */
export const SCIENTISTS = ['admin', 'data_scientist'];
export const ADMINS = ['admin'];

export const ROLE_NAMES = {admin: 'Admin', data_scientist: 'Data scientist', analyst: 'Analyst', service: 'Service'};

export const routes = [
  {path: '/ui/login', module: './pages/login.js', title: 'Sign in', open: true},
  {path: '/ui/datasets', module: './pages/datasets.js', title: 'Datasets', roles: SCIENTISTS, nav: 'Datasets'},
  {path: '/ui/datasets/:id', module: './pages/dataset.js', title: 'Dataset', roles: SCIENTISTS},
  {path: '/ui/captures', module: './pages/captures.js', title: 'Packet captures', roles: SCIENTISTS, nav: 'Captures'},
  {path: '/ui/jobs', module: './pages/jobs.js', title: 'Jobs', roles: PEOPLE, nav: 'Jobs'},
  {path: '/ui/account', module: './pages/account.js', title: 'Your account', roles: PEOPLE},
  // models, versions, predictions and monitoring: every person reads them; the pages draw the changes for SCIENTISTS only
  {path: '/ui/models', module: './pages/models.js', title: 'Models', roles: PEOPLE, nav: 'Models'},
  {path: '/ui/models/:id', module: './pages/version.js', title: 'Model', roles: PEOPLE},
  {path: '/ui/models/:id/versions/:version', module: './pages/version.js', title: 'Model version', roles: PEOPLE},
  {path: '/ui/models/:id/predict', module: './pages/predict.js', title: 'Try a prediction', roles: PEOPLE},
  {path: '/ui/predict', module: './pages/predict.js', title: 'Try a prediction', roles: PEOPLE, nav: 'Predict'},
  {path: '/ui/monitoring', module: './pages/monitoring.js', title: 'Serving and monitoring', roles: PEOPLE, nav: 'Monitoring'},
  {path: '/ui/streams', module: './pages/streams.js', title: 'Kafka streams', roles: PEOPLE, nav: 'Streams'},
  // monitored assets and their security events: every person reads them (/ui/assets is the dashboard's own files)
  {path: '/ui/asset-monitoring', module: './pages/assets.js', title: 'Assets', roles: PEOPLE, nav: 'Assets'},
  {path: '/ui/asset-monitoring/:id', module: './pages/asset.js', title: 'Asset', roles: PEOPLE},
  {path: '/ui/events', module: './pages/security-events.js', title: 'Security events', roles: PEOPLE, nav: 'Events'},
  {path: '/ui/events/:id', module: './pages/security-event.js', title: 'Security event', roles: PEOPLE},
  // incidents: every person reads them and their reports; the page draws triage for roles with the triage access
  {path: '/ui/incidents', module: './pages/incidents.js', title: 'Incidents', roles: PEOPLE, nav: 'Incidents'},
  {path: '/ui/incidents/:id', module: './pages/incident.js', title: 'Incident', roles: PEOPLE},
  {path: '/ui/search', module: './pages/search.js', title: 'Search events', roles: PEOPLE, nav: 'Search'},
];

/** Where a role lands after signing in, and at '/': its first page in the navigation. */
export function homeOf(role) {
  const first = routes.find(r => r.nav && r.roles.includes(role));
  return first ? first.path : '/ui/account';
}

/** The route of a path and its parameters, or null. */
export function match(pathname) {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const given = path.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== given.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      if (pattern[i].startsWith(':')) {
        if (given[i] === '') ok = false;
        else params[pattern[i].slice(1)] = safeDecode(given[i]);
      } else if (pattern[i] !== given[i]) {
        ok = false;
      }
    }
    if (ok) return {route, params};
  }
  return null;
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
