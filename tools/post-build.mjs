// Trunk post-build hook. Trunk runs the hooks of one stage side by side; these steps must run one
// after the other, since the first two rewrite index.html (an integrity hash, then the policy).
import { addContentSecurityPolicy } from './csp.mjs';
import { writeEmbedEntry } from './embed-entry.mjs';
import { minifyAppModule } from './minify-js.mjs';

const dist = process.env.TRUNK_STAGING_DIR ?? 'dist';
if (process.env.TRUNK_PROFILE === 'release') {
  await minifyAppModule(dist);
  addContentSecurityPolicy(dist);
}
writeEmbedEntry(dist);
