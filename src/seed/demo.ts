export const isDatabaseEmpty = async (_: unknown) => false; export const seedDemoData = async (_: unknown) => {}; export const describeDemoAccounts = () => "";
