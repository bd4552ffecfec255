import { scheduleRoutes } from './_schedule.ts';

export const { GET, POST } = scheduleRoutes('dim_schedule', 'dim schedule');
