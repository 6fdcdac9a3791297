/** Fake but plausible personal data and place names. */
import type { Rng } from './random.js';

/** The 31 provinces (short names), with a rough weight by population. */
export const PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆',
] as const;
export const PROVINCE_WEIGHTS = [22, 14, 74, 35, 24, 42, 24, 31, 25, 85, 65, 61, 41, 45, 101, 99, 58, 66, 126, 50, 10, 32, 84, 38, 47, 4, 40, 25, 6, 7, 26];

const FULL_NAMES: Record<string, string> = {
  北京: '北京市', 天津: '天津市', 上海: '上海市', 重庆: '重庆市', 内蒙古: '内蒙古自治区', 广西: '广西壮族自治区',
  西藏: '西藏自治区', 宁夏: '宁夏回族自治区', 新疆: '新疆维吾尔自治区',
};

/** The official long name: `广东省`, `广西壮族自治区`, `北京市`. */
export function provinceLongName(short: string): string {
  return FULL_NAMES[short] ?? `${short}省`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红鹏辉宇婷雪琳晨欣浩思佳文博颖琪瑶倩宁凯睿嘉悦航毅晓慧彤';

export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)];
  const given = Array.from({ length: rng.chance(0.3) ? 1 : 2 }, () => GIVEN[rng.int(0, GIVEN.length - 1)]).join('');
  return surname + given;
}

const MOBILE_PREFIXES = [133, 149, 153, 173, 177, 180, 181, 189, 191, 199, 138, 139, 136, 150, 186, 185, 176, 166];

/** An 11-digit mobile number (as a number: it fits exactly in a double). */
export function mobileNumber(rng: Rng): number {
  return rng.pick(MOBILE_PREFIXES) * 1e8 + rng.int(0, 99_999_999);
}
