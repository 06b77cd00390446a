// Copies the Design System's JavaScript into the product's static files. Images are not copied:
// the GOV.UK crest and icons belong to GOV.UK, and the product ships its own favicon.
import { copyFileSync, mkdirSync } from "node:fs";

const target = "../src/partnership/web/static/web/";
mkdirSync(target, { recursive: true });
copyFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", target + "govuk-frontend.min.js");
