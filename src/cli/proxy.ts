export const proxyUsage = () => '';
export async function proxy(_args: string[], _env: NodeJS.ProcessEnv): Promise<void> {}
