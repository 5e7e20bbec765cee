/**
 * Known alert consoles the options page offers to enable (nothing is granted unless asked).
 * Self-hosted tools (TheHive, on-premises Splunk or Kibana) are added by their own URL.
 */
export interface ConsolePreset {
  name: string;
  patterns: string[];
}

export const CONSOLE_PRESETS: readonly ConsolePreset[] = [
  { name: 'Splunk Cloud', patterns: ['https://*.splunkcloud.com/*'] },
  {
    name: 'Elastic Cloud (Kibana)',
    patterns: ['https://*.elastic-cloud.com/*', 'https://*.found.io/*'],
  },
  { name: 'Microsoft Defender XDR and Sentinel', patterns: ['https://security.microsoft.com/*'] },
  { name: 'Azure portal (Sentinel)', patterns: ['https://portal.azure.com/*'] },
  {
    name: 'CrowdStrike Falcon',
    patterns: [
      'https://falcon.crowdstrike.com/*',
      'https://falcon.us-2.crowdstrike.com/*',
      'https://falcon.eu-1.crowdstrike.com/*',
      'https://falcon.laggar.gcw.crowdstrike.com/*',
    ],
  },
  { name: 'SentinelOne', patterns: ['https://*.sentinelone.net/*'] },
  { name: 'ServiceNow', patterns: ['https://*.service-now.com/*'] },
  { name: 'Atlassian (Jira, Confluence)', patterns: ['https://*.atlassian.net/*'] },
  { name: 'TheHive (StrangeBee cloud)', patterns: ['https://*.strangebee.com/*'] },
];

/** The match pattern for a site URL typed by the analyst ("https://thehive.corp.example:9000/cases" → "https://thehive.corp.example/*"). */
export function patternForUrl(url: string): string | null {
  try {
    const parsed = new URL(url.trim().includes('://') ? url.trim() : `https://${url.trim()}`);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return `${parsed.protocol}//${parsed.hostname}/*`;
  } catch {
    return null;
  }
}
