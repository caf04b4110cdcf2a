export { registerPlayground, sendPlayground, wantsPlayground, type RegisterPlaygroundOptions } from "./playground.plugin";
export { DEFAULT_ASSETS_PATH, loadPlaygroundAssets, registerPlaygroundAssets } from "./playground.assets";
export {
  DEFAULT_PLAYGROUND_HEADERS,
  DEFAULT_PLAYGROUND_QUERY,
  PLAYGROUND_CSP,
  SERVICE_NAME,
  htmlPageHeaders,
  playgroundHtml,
  type PlaygroundPageOptions,
} from "./playground.page";
export { LANDING_CSP, REST_DETAILS_ROUTE, landingPageHtml, type LandingPageOptions } from "./landing.page";
