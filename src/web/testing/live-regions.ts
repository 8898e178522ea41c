import { onTestFinished } from 'vitest';

const LIVE_REGIONS = '[role="status"], [role="alert"], [role="log"], [aria-live]';

/** The text of every live region on screen now. */
export function liveRegionTexts(): string[] {
  return [...document.querySelectorAll(LIVE_REGIONS)].map((element) => element.textContent);
}

/**
 * Every text any live region showed from now until the test ends, caught at each DOM change: a
 * screen reader hears each of them, however briefly it was there.
 */
export function recordLiveRegionTexts(): Set<string> {
  const seen = new Set<string>(liveRegionTexts());
  const observer = new MutationObserver(() => {
    for (const text of liveRegionTexts()) seen.add(text);
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  onTestFinished(() => observer.disconnect());
  return seen;
}
