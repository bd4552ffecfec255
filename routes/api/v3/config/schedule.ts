import { scheduleRoutes } from './_schedule.ts';

export const { GET, POST } = scheduleRoutes('schedule', 'on/off schedule');
