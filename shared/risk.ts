// Risk classes and levels that the catalog assigns to tools and the policy's `risk` rules match on.

export const RISK_CLASSES = ['read', 'write', 'execute', 'destructive', 'financial'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
